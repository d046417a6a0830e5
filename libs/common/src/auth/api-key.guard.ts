import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../errors/domain-error';
import { hashApiKey, safeEqual } from './api-key';
import { Access, ACCESS_KEY, AuthenticatedInstitution } from './auth.decorators';

/** How stale an API key's lastUsedAt may be: its write is skipped within this time of the previous one. */
export const LAST_USED_RESOLUTION_MS = 60_000;

const unauthorized = (message: string) => new DomainError('UNAUTHORIZED', message);

/** `Authorization: Bearer <key>`: the key decides the institution. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly logger = new Logger(ApiKeyGuard.name);
  /** When this process last wrote each key's last_used_at (ms): at most one write a minute per key and process. */
  private readonly lastWritten = new Map<number, number>();

  constructor(
    private readonly reflector: Reflector,
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access =
      this.reflector.getAllAndOverride<Access>(ACCESS_KEY, [context.getHandler(), context.getClass()]) ?? 'institution';
    if (access === 'public') return true;

    const request = context.switchToHttp().getRequest();
    const header: string | undefined = request.headers.authorization;
    const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
    if (!match) throw unauthorized('Send your API key as "Authorization: Bearer <key>"');
    const key = match[1];

    if (access === 'admin') {
      if (!safeEqual(key, this.config.ADMIN_API_KEY)) throw unauthorized('This operation needs the admin API key');
      return true;
    }
    const rows: { keyId: number; id: number; code: string }[] = await this.dataSource.query(
      `SELECT k.id AS keyId, i.id, i.code FROM api_keys k JOIN institutions i ON i.id = k.institution_id
       WHERE k.key_hash = ?`,
      [hashApiKey(key)],
    );
    if (!rows.length) {
      if (safeEqual(key, this.config.ADMIN_API_KEY)) {
        throw unauthorized(
          "This operation needs an institution's API key: the admin key only creates institutions (POST /institutions answers the new institution's key)",
        );
      }
      throw unauthorized('Unknown API key');
    }
    const institution: AuthenticatedInstitution = {
      id: Number(rows[0].id),
      code: rows[0].code,
      apiKeyId: Number(rows[0].keyId),
    };
    request.institution = institution;
    this.noteUse(institution.apiKeyId);
    return true;
  }

  /** Records that the key was used, without delaying the request and at most once a minute per key. */
  private noteUse(keyId: number): void {
    const now = Date.now();
    if (now - (this.lastWritten.get(keyId) ?? 0) < LAST_USED_RESOLUTION_MS) return;
    this.lastWritten.set(keyId, now);
    // The condition keeps other processes (replicas, the other apps) to one write a minute too.
    this.dataSource
      .query(
        'UPDATE api_keys SET last_used_at = NOW(3) WHERE id = ? AND (last_used_at IS NULL OR last_used_at < NOW(3) - INTERVAL 1 MINUTE)',
        [keyId],
      )
      .catch((error: unknown) =>
        this.logger.warn(`Could not record the use of API key ${keyId}: ${(error as Error).message}`),
      );
  }
}
