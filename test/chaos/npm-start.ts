import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importClient, notificationsClient, targetsClient, templateExportClient } from '@app/api-client';
import { waitFor } from '../utils';
import { freePort } from '../../scripts/bench-utils';

const ROOT = join(__dirname, '..', '..');

/**
 * The four apps exactly as `npm start` runs them once migrations are applied: the package's own start script, from
 * its `concurrently` on (its restart policy, its heap caps), on free ports, from the build (`npm run build`).
 */
export class NpmStart {
  private child?: ChildProcess;
  private output = '';
  urls = { targets: '', exports: '', imports: '', notifications: '' };

  constructor(private readonly env: Record<string, string>) {}

  /** The start script past `npm run db:migrate &&`: what keeps the apps running. */
  static command(): string {
    const start: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start;
    return start.slice(start.lastIndexOf('&&') + 2).trim();
  }

  async start(): Promise<void> {
    const ports = {
      targets: await freePort(),
      exports: await freePort(),
      imports: await freePort(),
      notifications: await freePort(),
    };
    for (const [app, port] of Object.entries(ports))
      this.urls[app as keyof NpmStart['urls']] = `http://127.0.0.1:${port}`;
    this.child = spawn('sh', ['-c', NpmStart.command()], {
      cwd: ROOT,
      detached: true, // its own process group, so that stop() ends concurrently and the four apps
      env: {
        ...process.env,
        PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH}`,
        LOG_LEVEL: 'warn',
        FORCE_COLOR: '0',
        ...this.env,
        TARGETS_PORT: String(ports.targets),
        TEMPLATE_EXPORT_PORT: String(ports.exports),
        IMPORT_PORT: String(ports.imports),
        NOTIFICATIONS_PORT: String(ports.notifications),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-200_000));
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    await waitFor(
      async () => {
        if (this.child!.exitCode !== null) throw new Error(`npm start's apps exited: ${this.output.slice(-5000)}`);
        return (await this.healthy()).every((status) => status === 200) ? true : undefined;
      },
      'the four apps to answer /health',
      90000,
      250,
    );
  }

  /** The status of each app's /health (0 when it does not answer). */
  async healthy(): Promise<number[]> {
    const status = (call: Promise<{ response: Response }>) => call.then((res) => res.response.status).catch(() => 0);
    return Promise.all([
      status(targetsClient(this.urls.targets).GET('/health')),
      status(templateExportClient(this.urls.exports).GET('/health')),
      status(importClient(this.urls.imports).GET('/health')),
      status(notificationsClient(this.urls.notifications).GET('/health')),
    ]);
  }

  /** The lines where concurrently says an app exited (and restarts it): none when nothing crashed. */
  exits(): string[] {
    return this.output.split('\n').filter((line) => /exited with code/.test(line));
  }

  log(): string {
    return this.output;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const done = new Promise((resolve) => child.once('exit', resolve));
    // Ctrl-C, as a user stops it: concurrently restarts an app that a SIGTERM stopped, but not after a SIGINT.
    process.kill(-child.pid!, 'SIGINT');
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([done, new Promise((resolve) => (grace = setTimeout(resolve, 20000)))]);
    clearTimeout(grace);
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
  }
}
