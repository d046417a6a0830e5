import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDocuments, serializeDocument } from './openapi-documents';
import { generateClientTypes } from './openapi-client';

/**
 * `npm run openapi`: writes each app's OpenAPI document to openapi/<app>.json and the typed
 * client's types to libs/api-client/src/<app>.ts. Starts no server and opens no connection.
 * Run from the repository root; `npm test` fails while the committed files differ from these.
 */
async function main(): Promise<void> {
  const root = process.cwd();
  const documents = await buildDocuments();
  mkdirSync(join(root, 'openapi'), { recursive: true });
  for (const [name, document] of Object.entries(documents)) {
    writeFileSync(join(root, 'openapi', `${name}.json`), serializeDocument(document));
    console.log(`openapi/${name}.json: ${Object.keys(document.paths).length} paths`);
  }
  // The types are generated from the serialized (canonical) documents, exactly as committed.
  const canonical = Object.fromEntries(
    Object.entries(documents).map(([name, document]) => [name, JSON.parse(serializeDocument(document))]),
  );
  for (const [name, text] of Object.entries(generateClientTypes(canonical, root))) {
    writeFileSync(join(root, 'libs', 'api-client', 'src', `${name}.ts`), text);
    console.log(`libs/api-client/src/${name}.ts`);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
