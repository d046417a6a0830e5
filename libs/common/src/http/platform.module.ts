import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { AllExceptionsFilter } from '../errors/all-exceptions.filter';
import { HealthModule } from '../health/health.module';

/** What every app has: the API-key guard, the JSON error format and GET /health. */
@Module({
  imports: [HealthModule],
  providers: [
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
  ],
})
export class PlatformModule {}
