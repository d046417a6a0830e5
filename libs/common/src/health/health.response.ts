import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AppRole } from '../roles/app-role';
import { APP_ROLES } from '../roles/app-role';

const INDICATORS = { database: { status: 'up' }, redis: { status: 'up' } };

/** Terminus' health answer, documented with its closed set of statuses. */
export class HealthResponse {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'], example: 'ok' })
  status: 'ok' | 'error' | 'shutting_down';

  @ApiProperty({
    description: 'The indicators that are up',
    example: INDICATORS,
    type: 'object',
    additionalProperties: true,
    nullable: true,
  })
  info: Record<string, unknown> | null;

  @ApiProperty({
    description: 'The indicators that are down, with the reason',
    example: {},
    type: 'object',
    additionalProperties: true,
    nullable: true,
  })
  error: Record<string, unknown> | null;

  @ApiProperty({ description: 'Every indicator', example: INDICATORS, type: 'object', additionalProperties: true })
  details: Record<string, unknown>;

  @ApiPropertyOptional({
    enum: APP_ROLES,
    example: 'all',
    description:
      'What this process runs (APP_ROLE): `api` the HTTP side, `worker` the queue processors and schedulers, `all` both; absent in the targets app, which only serves HTTP',
  })
  role?: AppRole;
}
