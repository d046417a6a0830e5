import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importClient, notificationsClient, targetsClient, templateExportClient, waitFor } from '../utils';
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

  /**
   * `signal` to the whole process group, as a supervisor or Ctrl-C sends it; answers whether everything stopped
   * within 20 s (else it is SIGKILLed). concurrently restarts an app that dies, so this also proves a stop is no crash.
   */
  async stop(signal: 'SIGTERM' | 'SIGINT' = 'SIGTERM'): Promise<boolean> {
    const child = this.child;
    if (!child || this.groupGone(child.pid!)) return true;
    process.kill(-child.pid!, signal);
    // The shell goes at once; concurrently and the apps once their jobs are done.
    const stopped = await waitFor(
      async () => (this.groupGone(child.pid!) ? true : undefined),
      'the apps to stop',
      20000,
    )
      .then(() => true)
      .catch(() => false);
    if (!stopped) process.kill(-child.pid!, 'SIGKILL');
    return stopped;
  }

  /** No process of the group is left (the apps, not only concurrently). */
  private groupGone(group: number): boolean {
    try {
      process.kill(-group, 0);
      return false;
    } catch {
      return true;
    }
  }
}
