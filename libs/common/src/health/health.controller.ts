import {
  Controller,
  Get,
  Inject,
  Injectable,
  OnModuleDestroy,
  Optional,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import Redis from 'ioredis';
import { Public } from '../auth/auth.decorators';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../errors/domain-error';
import { ErrorBody } from '../errors/error-body';
import type { AppRole } from '../roles/app-role';
import { APP_ROLE } from '../roles/app-role';
import { HealthResponse } from './health.response';

@Injectable()
export class RedisHealthIndicator implements OnModuleDestroy {
  private readonly client: Redis;

  constructor(
    config: AppConfig,
    private readonly indicators: HealthIndicatorService,
  ) {
    this.client = new Redis(config.REDIS_URL, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
    });
  }

  async isHealthy(key: string) {
    const indicator = this.indicators.check(key);
    try {
      if (this.client.status === 'wait' || this.client.status === 'end') await this.client.connect();
      await this.client.ping();
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  async onModuleDestroy() {
    this.client.disconnect();
  }
}

/** A dependency an app adds to its /health (the file store): `ping` rejects when it does not answer. */
export interface NamedHealthCheck {
  name: string;
  ping(): Promise<void>;
}

/** Provided (by a global module) as a list of NamedHealthCheck. */
export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Optional() @Inject(HEALTH_CHECKS) private readonly extra: NamedHealthCheck[] = [],
    @Optional() @Inject(APP_ROLE) private readonly role?: AppRole,
  ) {}

  @Get()
  @Public()
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({ operationId: 'getHealth', summary: 'Database and Redis reachability' })
  @ApiOkResponse({ type: HealthResponse, description: 'The database and Redis answer' })
  @ApiServiceUnavailableResponse({
    type: ErrorBody,
    description:
      'The database or Redis does not answer: the message names which, `details` holds the whole health result',
  })
  async check() {
    // Which role answers: behind a load balancer, says whether this replica serves the API, the workers or both.
    const role = this.role ? { role: this.role } : {};
    try {
      const result = await this.health.check([
        () => this.database.pingCheck('database', { timeout: 3000 }),
        () => this.redis.isHealthy('redis'),
        ...(this.extra ?? []).map((check) => async () => {
          const indicator = this.indicators.check(check.name);
          try {
            await check.ping();
            return indicator.up();
          } catch (error) {
            return indicator.down({ message: (error as Error).message });
          }
        }),
      ]);
      return { ...result, ...role };
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      // Answered in the shape of every other error, saying which dependency is down.
      const result = error.getResponse() as { error?: Record<string, { message?: string }> };
      const down = Object.entries(result.error ?? {}).map(([name, info]) => `${name} (${info.message ?? 'down'})`);
      throw new DomainError('SERVICE_UNAVAILABLE', `Not ready: ${down.join(', ') || 'a dependency'} does not answer`, {
        ...result,
        ...role,
      });
    }
  }
}
