import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../errors/domain-error';
import { hashApiKey, safeEqual } from './api-key';
import { Access, ACCESS_KEY } from './auth.decorators';

const unauthorized = (message: string) => new DomainError('UNAUTHORIZED', message);

/** `Authorization: Bearer <key>`: the key decides the institution. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
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
    const rows: { id: number; code: string }[] = await this.dataSource.query(
      'SELECT id, code FROM institutions WHERE api_key_hash = ?',
      [hashApiKey(key)],
    );
    if (!rows.length) throw unauthorized('Unknown API key');
    request.institution = { id: Number(rows[0].id), code: rows[0].code };
    return true;
  }
}
