import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as net from 'node:net';
import { join } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import { generateClientTypes } from '../../scripts/openapi-client';
import type { AppName } from '../../scripts/openapi-documents';
import { APPS, buildDocuments, serializeDocument } from '../../scripts/openapi-documents';
import { findViolations } from '../../scripts/openapi-quality';

const ROOT = join(__dirname, '..', '..');
const read = (path: string) => (existsSync(join(ROOT, path)) ? readFileSync(join(ROOT, path), 'utf8') : undefined);

/** The committed OpenAPI documents and generated client must be what the code says. */
describe('OpenAPI documents and the generated client', () => {
  let documents: Record<AppName, OpenAPIObject>;
  let connections: number;

  beforeAll(async () => {
    const connect = jest.spyOn(net.Socket.prototype, 'connect');
    documents = await buildDocuments();
    connections = connect.mock.calls.length;
    connect.mockRestore();
  });

  it('are built without a server, a database or Redis', () => {
    expect(Object.keys(documents).sort()).toEqual(APPS.map((app) => app.name).sort());
    expect(connections).toBe(0);
  });

  it('openapi/<app>.json are up to date', () => {
    const stale = APPS.filter(({ name }) => read(`openapi/${name}.json`) !== serializeDocument(documents[name])).map(
      ({ name }) => `openapi/${name}.json differs from the code: run npm run openapi and commit the result`,
    );
    expect(stale).toEqual([]);
  });

  it('libs/api-client/src/<app>.ts are up to date', () => {
    const canonical = Object.fromEntries(
      APPS.map(({ name }) => [name, JSON.parse(serializeDocument(documents[name]))]),
    );
    const generated = generateClientTypes(canonical, ROOT);
    const stale = APPS.filter(({ name }) => read(`libs/api-client/src/${name}.ts`) !== generated[name]).map(
      ({ name }) =>
        `libs/api-client/src/${name}.ts differs from openapi/${name}.json: run npm run openapi and commit the result`,
    );
    expect(stale).toEqual([]);
  });

  it('document every operation fully: operationId, tags, schemas with examples and enums, error answers', () => {
    const violations = APPS.flatMap(({ name }) => findViolations(name, documents[name]));
    expect(violations).toEqual([]);
  });

  it('pass redocly lint (redocly.yaml) with no error', () => {
    const files = APPS.map(({ name }) => `openapi/${name}.json`);
    const result = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules/@redocly/cli/bin/cli.js'), 'lint', '--format=codeframe', ...files],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
        timeout: 60_000,
      },
    );
    // On failure the whole lint output is the diff, with the file, the pointer and the rule.
    expect(result.status === 0 ? '' : `${result.stdout}\n${result.stderr}`).toBe('');
  });
});
