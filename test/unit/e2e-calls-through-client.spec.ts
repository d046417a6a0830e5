import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * Pages the apps serve outside their OpenAPI documents: Swagger UI, its JSON, Bull Board (everything under /queues).
 */
const NOT_OPERATIONS = /^(\/docs|\/docs-json|\/queues([/?].*|\$\{.*)?)$/;
const FETCH = /\bfetch\s*\(/;
/** A comment saying why: "… is not an operation of …", "… outside the operations …". */
const WHY = /\/[/*].*\b(not|outside)\b.*\boperations?\b/i;

/** A fetch of the S3-compatible test server (a presigned URL), which is no app of ours. */
const S3_SERVER = /\bfetch\s*\(\s*`\$\{s3\.endpoint\}/;

/** The path a fetch on this line asks for, once the base (`${app.url}`, http://host:port) is dropped. */
function fetchedPath(line: string): string | undefined {
  const url = /\bfetch\s*\(\s*(['"`])(.*?)\1/.exec(line)?.[2];
  return url?.replace(/^\$\{[^}]*\}|^https?:\/\/[^/]+/, '');
}

/** `file:line` of every raw fetch that is not a commented call to a page outside the OpenAPI documents. */
function rawFetches(file: string, source: string): string[] {
  const lines = source.split(/\r?\n/);
  return lines.flatMap((line, at) => {
    if (!FETCH.test(line) || S3_SERVER.test(line)) return [];
    const explained = WHY.test(line) || WHY.test(lines[at - 1] ?? '');
    const path = fetchedPath(line);
    return explained && path !== undefined && NOT_OPERATIONS.test(path) ? [] : [`${file}:${at + 1}: ${line.trim()}`];
  });
}

/** The client factories whose responses nobody checks: the tests take theirs from test/utils/api.ts instead. */
const UNCHECKED = /\b(targetsClient|templateExportClient|importClient|notificationsClient|createClient)\b/;
const CHECKED_FACTORIES = 'test/utils/api.ts';

/** `file:line` of every value import of a client factory from @app/api-client or openapi-fetch. */
function uncheckedFactories(file: string, source: string): string[] {
  const imports = source.matchAll(/^import\s+(?!type\b)([^;]*?)\s+from\s+'(@app\/api-client|openapi-fetch)';/gms);
  return [...imports]
    .filter(([, names]) => UNCHECKED.test(names) || !names.trim().startsWith('{'))
    .map((match) => `${file}:${source.slice(0, match.index).split('\n').length}: ${match[0].replace(/\s+/g, ' ')}`);
}

const tsFilesUnder = (dir: string) =>
  readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(dir, name));

/** The e2e and chaos specs, their helpers and fixtures, the demo: every call to an app goes through a typed client. */
describe('end-to-end tests call the apps through the typed clients', () => {
  const appTests = readdirSync(join(ROOT, 'apps'))
    .map((app) => `apps/${app}/test`)
    .filter((dir) => existsSync(join(ROOT, dir)));
  const files = [
    ...[...appTests, 'test/e2e', 'test/chaos', 'test/fixtures', 'test/utils'].flatMap(tsFilesUnder),
    'scripts/demo.ts',
  ];

  it('finds the specs', () => {
    expect(files.filter((file) => /\.(e2e|chaos)-spec\.ts$/.test(file)).length).toBeGreaterThan(10);
  });

  it('no raw fetch, but for commented pages outside the OpenAPI documents', () => {
    expect(files.flatMap((file) => rawFetches(file, readFileSync(join(ROOT, file), 'utf8')))).toEqual([]);
  });

  it('every client comes from the factories of test/utils/api.ts, which check each response against the documents', () => {
    const others = files.filter((file) => file !== CHECKED_FACTORIES && file !== 'scripts/demo.ts');
    expect(others.flatMap((file) => uncheckedFactories(file, readFileSync(join(ROOT, file), 'utf8')))).toEqual([]);
    expect(readFileSync(join(ROOT, CHECKED_FACTORIES), 'utf8')).toContain('.use(checkerOf(app).middleware())');
  });

  it('catches a client factory imported past the checked ones', () => {
    const sample = [
      "import type { TargetsClient } from '@app/api-client';",
      "import { uploadImport } from '@app/api-client';",
      "import { importClient, uploadImport } from '@app/api-client';",
      "import createClient from 'openapi-fetch';",
      "import * as api from '@app/api-client';",
      "import {\n  targetsClient,\n} from '@app/api-client';",
      "import { targetsClient } from '../utils';",
    ].join('\n');
    expect(uncheckedFactories('sample.ts', sample)).toEqual([
      "sample.ts:3: import { importClient, uploadImport } from '@app/api-client';",
      "sample.ts:4: import createClient from 'openapi-fetch';",
      "sample.ts:5: import * as api from '@app/api-client';",
      "sample.ts:6: import { targetsClient, } from '@app/api-client';",
    ]);
  });

  it('catches an uncommented fetch, or a commented one to an API path', () => {
    const sample = [
      'const res = await fetch(`${targets.url}/contacts/${id}`);',
      '// Swagger UI is not an operation of the document: plain fetch.',
      'const page = await fetch(`${targets.url}/docs`);',
      '// Not an operation either, it says, but it is:',
      'const hidden = await fetch(`${targets.url}/targets`, { headers });',
      'const doc = await fetch(`${targets.url}/docs-json`);',
      'const board = await fetch(`${app.url}/queues/api/queues`); // Bull Board: not an OpenAPI operation',
    ].join('\n');
    expect(rawFetches('sample.ts', sample)).toEqual([
      'sample.ts:1: const res = await fetch(`${targets.url}/contacts/${id}`);',
      'sample.ts:5: const hidden = await fetch(`${targets.url}/targets`, { headers });',
      'sample.ts:6: const doc = await fetch(`${targets.url}/docs-json`);',
    ]);
  });
});
