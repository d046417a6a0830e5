import { Injectable } from '@nestjs/common';
import { DomainError, hashApiKey, newApiKey, NotFoundError } from '@app/common';
import type { ApiKeyInfo } from '@app/database';
import { ApiKeysRepository } from '@app/database';
import type { ApiKeyResponse, CreatedApiKeyResponse } from './dto/api-key.response';

@Injectable()
export class ApiKeysService {
  constructor(private readonly apiKeys: ApiKeysRepository) {}

  async create(institutionId: number, name: string): Promise<CreatedApiKeyResponse> {
    const apiKey = newApiKey();
    const id = await this.apiKeys.create(institutionId, name.trim(), hashApiKey(apiKey));
    return { id, name: name.trim(), apiKey };
  }

  async list(institutionId: number): Promise<ApiKeyResponse[]> {
    return (await this.apiKeys.list(institutionId)).map(toResponse);
  }

  /**
   * Revokes a key, the one of the request included (it stops working at once: rotating is create, switch, revoke),
   * but never the institution's last one, which would lock it out for good: only the admin key creates institutions.
   */
  async revoke(institutionId: number, id: number): Promise<void> {
    const outcome = await this.apiKeys.revoke(institutionId, id);
    if (outcome === 'unknown') throw new NotFoundError('API key', id);
    if (outcome === 'last') {
      throw new DomainError(
        'LAST_API_KEY',
        `API key ${id} is the last key of your institution; create another one (POST /api-keys) before revoking it`,
      );
    }
  }
}

const toResponse = (key: ApiKeyInfo): ApiKeyResponse => ({
  id: key.id,
  name: key.name,
  createdAt: key.createdAt.toISOString(),
  lastUsedAt: key.lastUsedAt ? key.lastUsedAt.toISOString() : null,
});
