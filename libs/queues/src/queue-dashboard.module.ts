import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { getQueueToken } from '@nestjs/bull';
import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import type { Queue } from 'bull';
import type { NextFunction, Request, Response } from 'express';
import type { ErrorBody } from '@app/common';
import { AppConfig, safeEqual } from '@app/common';
import { QueueName } from './queue-names';

export const QUEUE_DASHBOARD_PATH = '/queues';

/**
 * The admin key, as `Authorization: Bearer <ADMIN_API_KEY>` (scripts) or as the password of
 * HTTP Basic (a browser asks for it; any user name). The dashboard is plain Express, outside
 * Nest's guards, so it checks the key itself.
 */
export function adminKeyMiddleware(adminKey: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const header = req.headers.authorization ?? '';
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
    const basic = /^Basic\s+(\S+)\s*$/i.exec(header)?.[1];
    const password = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':').slice(1).join(':') : undefined;
    const key = bearer ?? password;
    if (key && safeEqual(key, adminKey)) return next();
    res.setHeader('WWW-Authenticate', 'Basic realm="queues", charset="UTF-8"');
    res.status(401).json({
      statusCode: 401,
      code: 'UNAUTHORIZED',
      message:
        'The queue dashboard needs the admin key: "Authorization: Bearer <ADMIN_API_KEY>", or any user name with the admin key as password',
    } satisfies ErrorBody);
  };
}

/**
 * Bull Board at /queues: the three queues, their waiting, active, failed and completed jobs,
 * with retry and clean buttons. Mounted on the notifications app (issue 8), admin key only.
 */
@Module({})
export class QueueDashboardModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly moduleRef: ModuleRef,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const http = this.adapterHost.httpAdapter;
    if (!http) return; // an application context without HTTP (a script): nothing to mount
    const queues = Object.values(QueueName).map((name) =>
      this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }),
    );
    const serverAdapter = new ExpressAdapter().setBasePath(QUEUE_DASHBOARD_PATH);
    createBullBoard({
      queues: queues.map((queue) => new BullAdapter(queue)),
      serverAdapter,
      options: { uiConfig: { boardTitle: 'Contact mass update' } },
    });
    http.use(QUEUE_DASHBOARD_PATH, adminKeyMiddleware(this.config.ADMIN_API_KEY), serverAdapter.getRouter());
  }
}
