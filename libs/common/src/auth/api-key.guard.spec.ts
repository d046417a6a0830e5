import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { ApiKeyGuard, LAST_USED_RESOLUTION_MS } from './api-key.guard';

describe('ApiKeyGuard: lastUsedAt', () => {
  const query = jest.fn(async (sql: string) => (sql.startsWith('SELECT') ? [{ keyId: 5, id: 1, code: 'A' }] : {}));
  const guard = new ApiKeyGuard(
    { getAllAndOverride: () => 'institution' } as unknown as Reflector,
    { query } as unknown as DataSource,
    { ADMIN_API_KEY: 'admin' } as AppConfig,
  );
  const request = () => {
    const req = { headers: { authorization: 'Bearer cmu_key' } };
    const context = {
      getHandler: () => undefined,
      getClass: () => undefined,
      switchToHttp: () => ({ getRequest: () => req }),
    } as unknown as ExecutionContext;
    return guard.canActivate(context).then(() => req);
  };
  const writes = () => query.mock.calls.filter(([sql]) => sql.startsWith('UPDATE api_keys')).length;

  afterEach(() => jest.restoreAllMocks());

  it('writes the use of a key once a minute at most, not once a request', async () => {
    let now = Date.UTC(2026, 0, 1);
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    expect(await request()).toMatchObject({ institution: { id: 1, code: 'A', apiKeyId: 5 } });
    await request();
    now += LAST_USED_RESOLUTION_MS - 1;
    await request();
    expect(writes()).toBe(1);
    now += 1;
    await request();
    expect(writes()).toBe(2);
  });
});
