import { spawnSync } from 'node:child_process';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { AppName } from './openapi-documents';

// openapi-typescript is an ES module (its dependencies too), so it runs in a child Node process
// rather than inside Jest's CommonJS loader; same code path for `npm run openapi` and the drift test.
const GENERATOR = `
import openapiTS, { astToString } from 'openapi-typescript';
let input = '';
for await (const chunk of process.stdin) input += chunk;
const documents = JSON.parse(input);
const out = {};
for (const [name, document] of Object.entries(documents)) {
  out[name] = astToString(await openapiTS(document, { alphabetize: true, defaultNonNullable: false }));
}
process.stdout.write(JSON.stringify(out));
`;

const HEADER = (name: string) =>
  `/**\n * Types of the ${name} app's API, generated from openapi/${name}.json by \`npm run openapi\`.\n * Do not edit: change the controllers and DTOs, then regenerate.\n */\n\n`;

/** The text of libs/api-client/src/<app>.ts for each document. */
export function generateClientTypes(
  documents: Partial<Record<AppName, OpenAPIObject>>,
  cwd = process.cwd(),
): Record<string, string> {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', GENERATOR], {
    cwd,
    input: JSON.stringify(documents),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`openapi-typescript failed: ${result.stderr || result.error}`);
  const generated = JSON.parse(result.stdout) as Record<string, string>;
  return Object.fromEntries(Object.entries(generated).map(([name, text]) => [name, HEADER(name) + text]));
}
