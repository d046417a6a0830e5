import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
type S3rverClass = new (options: Record<string, unknown>) => {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
};

const TEST_BUCKET = 'cmu-test';

/** The credentials s3rver accepts (any other pair is refused with InvalidAccessKeyId). */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface TestS3Server {
  endpoint: string;
  bucket: string;
  /** The settings of the s3 driver against it (a key prefix per call keeps test files apart). */
  env(prefix?: string): Record<string, string>;
  /** Stops answering (an outage), keeping the data; `resume` serves it again on the same port. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  close(): Promise<void>;
}

/** The settings of the s3 driver against an s3rver at `endpoint`. */
export function s3TestSettings(endpoint: string, prefix = '', bucket = TEST_BUCKET): Record<string, string> {
  return {
    STORAGE_URL: `s3://${bucket}/${prefix}`,
    S3_ENDPOINT: endpoint,
    S3_REGION: 'us-east-1',
    S3_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    S3_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    S3_FORCE_PATH_STYLE: 'true',
  };
}

/**
 * An S3-compatible server for tests (s3rver, from npm), on a free loopback port, its data in a temp directory
 * deleted on close; the bucket is created at start.
 */
export async function startS3Server(bucket = TEST_BUCKET): Promise<TestS3Server> {
  // Required here, not at the top: the file driver's tests never load s3rver.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- s3rver ships no types
  const S3rver = require('s3rver') as S3rverClass;
  const directory = mkdtempSync(join(tmpdir(), 'cmu-s3rver-'));
  const serve = async (port: number) => {
    const server = new S3rver({
      address: '127.0.0.1',
      port,
      silent: true,
      directory,
      configureBuckets: [{ name: bucket }],
    });
    return { server, address: await server.run() };
  };
  const first = await serve(0);
  const { address } = first;
  let { server } = first;
  let running = true;
  const endpoint = `http://127.0.0.1:${address.port}`;
  return {
    endpoint,
    bucket,
    env: (prefix = '') => s3TestSettings(endpoint, prefix, bucket),
    pause: async () => {
      await server.close();
      running = false;
    },
    resume: async () => {
      ({ server } = await serve(address.port));
      running = true;
    },
    close: async () => {
      if (running) await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
