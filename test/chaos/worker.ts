import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { importClient, waitFor } from '../utils';
import { freePort } from '../../scripts/bench-utils';

/** The import app from the build (`npm run build`) as a real child process, killed and restarted at will. */
export class ImportWorker {
  private child?: ChildProcess;
  private log = '';
  url = '';

  /** `nodeArgs` go to node before the app, as `npm start` passes `--max-old-space-size`. */
  constructor(
    private readonly env: Record<string, string>,
    private readonly nodeArgs: string[] = [],
  ) {}

  async start(): Promise<void> {
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    const main = join(__dirname, '..', '..', 'dist', 'apps', 'import', 'src', 'main.js');
    this.child = spawn(process.execPath, [...this.nodeArgs, main], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...this.env, IMPORT_PORT: String(port) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.log = (this.log + chunk.toString()).slice(-20000)));
    const child = this.child;
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`the import worker exited with ${child.exitCode}: ${this.log}`);
        const res = await importClient(this.url)
          .GET('/health')
          .catch(() => undefined); // not listening yet
        return res?.response.status === 200 ? true : undefined;
      },
      'the import worker to listen',
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
}

/** Ended, by a code or by a signal (a killed child has a null exitCode). */
const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;
