import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { RunningApp } from '../../../test/utils';
import { createInstitution, importClient, isolateTestFile, seed, startApp, waitFor } from '../../../test/utils';
import { TARGETS_APP, TargetsAppModule } from '../../targets/src/targets-app.module';
import { IMPORT_APP, ImportAppModule } from '../src/import-app.module';

// Debian's chromium (.ci/run installs it when missing); playwright-core downloads no browser.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** An operations person uploads an edited template through Swagger UI, as the README promises. */
describe('import app in Swagger UI (a real browser)', () => {
  let targets: RunningApp;
  let imports: RunningApp;
  let browser: Browser;
  let apiKey: string;
  let csvPath: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    isolateTestFile();
    [targets, imports] = await Promise.all([
      startApp(TargetsAppModule, TARGETS_APP),
      startApp(ImportAppModule, IMPORT_APP),
    ]);
    ({ apiKey } = await createInstitution(targets.url));
    const { contactIds } = await seed(targets.url, apiKey, {
      authorizations: ['NEWSLETTER'],
      contacts: [
        { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.org', authorizations: { NEWSLETTER: true } },
      ],
    });
    const dir = mkdtempSync(join(tmpdir(), 'cmu-swagger-'));
    csvPath = join(dir, 'template.csv');
    writeFileSync(
      csvPath,
      `contact_id,last_name,first_name,email,[old] NEWSLETTER,[new] NEWSLETTER\r\n${contactIds[0]},Lovelace,Ada,ada@example.org,TRUE,FALSE\r\n`,
    );
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([targets?.close(), imports?.close()]);
  });

  it('authorizes with the API key, uploads a file through POST /imports and gets 202', async () => {
    const page = await browser.newPage();
    await page.goto(`${imports.url}/docs`);

    // Authorize: the bearer scheme of configureApp.
    await page.locator('button.authorize').first().click();
    await page.locator('.modal-ux input[type="text"], .modal-ux input[type="password"]').first().fill(apiKey);
    await page.locator('.modal-ux .auth-btn-wrapper button.authorize').click();
    await page.locator('.modal-ux button.btn-done').click();

    // Open POST /imports, try it out, fill the multipart form.
    const operation = page.locator('#operations-imports-createImport');
    await operation.locator('.opblock-summary').first().click();
    await operation.locator('button.try-out__btn').click();
    await operation.locator('input[type="file"]').setInputFiles(csvPath);
    await operation.locator('tr[data-property-name="dataType"] select').selectOption('authorizations');
    await operation.locator('tr[data-property-name="mode"] select').selectOption('validate');
    // A header parameter the document marks as required must be filled before Swagger UI sends anything.
    for (const input of await operation.locator('tr[data-param-in="header"] input').all())
      await input.fill(`swagger-ui-${Date.now()}`);
    await operation.locator('button.execute').click();

    const status = operation.locator('.live-responses-table tbody .response-col_status').first();
    await status.waitFor({ timeout: 30_000 });
    expect((await status.innerText()).trim()).toBe('202');
    const body = JSON.parse(
      await operation.locator('.live-responses-table tbody .response-col_description pre').first().innerText(),
    );
    expect(body).toMatchObject({ id: expect.any(Number), status: 'queued' });

    // The import the browser started is a real one: the typed client follows it to its end.
    const client = importClient(imports.url, apiKey);
    const done = await waitFor(
      async () => {
        const { data } = await client.GET('/imports/{id}', { params: { path: { id: body.id } } });
        return data && !['queued', 'running'].includes(data.status) ? data : undefined;
      },
      'the import to finish',
      30_000,
    );
    expect(done).toMatchObject({ status: 'validated', counts: { rows: 1, changes: 1, errorRows: 0 } });
  });
});
