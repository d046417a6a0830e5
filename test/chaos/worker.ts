import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { importClient, notificationsClient, targetsClient, templateExportClient, waitFor } from '../utils';
import { freePort } from '../../scripts/bench-utils';

export type AppName = 'targets' | 'template-export' | 'import' | 'notifications';

const PORT_SETTING: Record<AppName, string> = {
  targets: 'TARGETS_PORT',
  'template-export': 'TEMPLATE_EXPORT_PORT',
  import: 'IMPORT_PORT',
  notifications: 'NOTIFICATIONS_PORT',
};

/** The status of the app's /health, or undefined while it does not listen. */
const HEALTH: Record<AppName, (url: string) => Promise<number | undefined>> = {
  targets: (url) =>
    targetsClient(url)
      .GET('/health')
      .then(
        ({ response }) => response.status,
        () => undefined,
      ),
  'template-export': (url) =>
    templateExportClient(url)
      .GET('/health')
      .then(
        ({ response }) => response.status,
        () => undefined,
      ),
  import: (url) =>
    importClient(url)
      .GET('/health')
      .then(
        ({ response }) => response.status,
        () => undefined,
      ),
  notifications: (url) =>
    notificationsClient(url)
      .GET('/health')
      .then(
        ({ response }) => response.status,
        () => undefined,
      ),
};

/** An app from the build (`npm run build`) as a real child process on a free port, killed and restarted at will. */
export class AppProcess {
  private child?: ChildProcess;
  private log = '';
  url = '';

  /** `nodeArgs` go to node before the app, as `npm start` passes `--max-old-space-size`. */
  constructor(
    readonly app: AppName,
    private readonly env: Record<string, string>,
    private readonly nodeArgs: string[] = [],
  ) {}

  async start(): Promise<void> {
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    const main = join(__dirname, '..', '..', 'dist', 'apps', this.app, 'src', 'main.js');
    this.child = spawn(process.execPath, [...this.nodeArgs, main], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...this.env, [PORT_SETTING[this.app]]: String(port) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.log = (this.log + chunk.toString()).slice(-20000)));
    const child = this.child;
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`the ${this.app} app exited with ${child.exitCode}: ${this.log}`);
        return (await HEALTH[this.app](this.url)) === 200 ? true : undefined;
      },
      `the ${this.app} app to listen`,
      60000,
      100,
    );
  }

  /** SIGKILL: no shutdown hook, no lock released, no transaction finished. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || exited(child)) return;
    const done = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await done;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || exited(child)) return;
    const done = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([done, new Promise((resolve) => (grace = setTimeout(resolve, 15000)))]);
    clearTimeout(grace); // a pending timer would keep Jest from exiting
    await this.kill();
  }

  /** How the worker ended on its own (`SIGABRT`, `code 1`), or undefined while it runs. */
  ended(): string | undefined {
    const child = this.child;
    if (!child || !exited(child)) return undefined;
    return child.signalCode ?? `code ${child.exitCode}`;
  }

  stderr(): string {
    return this.log;
  }

  /** The process id while it runs. */
  pid(): number | undefined {
    return this.child && !exited(this.child) ? this.child.pid : undefined;
  }
}

/** The import app, as the chaos specs kill it. */
export class ImportWorker extends AppProcess {
  constructor(env: Record<string, string>, nodeArgs: string[] = []) {
    super('import', env, nodeArgs);
  }
}

/** Ended, by a code or by a signal (a killed child has a null exitCode). */
const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;
