import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';
import { loggerParams } from '../logging/logging';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { AllExceptionsFilter } from '../errors/all-exceptions.filter';
import { HealthModule } from '../health/health.module';

/** What every app has: the API-key guard, the JSON error format, GET /health and JSON request logs. */
@Module({
  imports: [HealthModule, LoggerModule.forRootAsync({ inject: [AppConfig], useFactory: loggerParams })],
  providers: [
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
  ],
})
export class PlatformModule {}
