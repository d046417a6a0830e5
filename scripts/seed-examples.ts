import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { targetsClient } from '@app/api-client';
import { DEV_ADMIN_API_KEY } from '@app/common';
import { runExample, seedExamples } from './openapi-examples';

/**
 * `npm run seed:examples`: a new institution holding what the Swagger UI examples use, so that each of them runs as
 * given there (ids aside). With the apps running; TARGETS_URL (default http://localhost:3001) and ADMIN_API_KEY.
 */
async function main(): Promise<void> {
  const url = process.env.TARGETS_URL ?? 'http://localhost:3001';
  const document = JSON.parse(readFileSync(join(process.cwd(), 'openapi', 'targets.json'), 'utf8'));
  const admin = targetsClient(url, process.env.ADMIN_API_KEY ?? DEV_ADMIN_API_KEY);
  // An institution code is unique: the example's, made new.
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const institution = await runExample(admin, document, 'createInstitution', {
    edit: (body) => ({ ...body, code: `${body.code}_${stamp}` }),
  });
  const seeded = await seedExamples(targetsClient(url, institution.apiKey), document);
  console.log(`institution ${institution.code}: criterion ${seeded.criterionCode}, authorization NEWSLETTER,`);
  console.log(`contacts (first id ${seeded.contactId}), target ${seeded.targetId}`);
  console.log(`API key (shown once; Authorize with it in Swagger UI): ${institution.apiKey}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error((error as Error).message);
    process.exit(1);
  },
);
