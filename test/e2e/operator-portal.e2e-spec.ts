import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { RunningApp } from '../utils';
import { ADMIN_KEY, clientsFor, isolateTestFile, startApp, waitFor } from '../utils';
import { TARGETS_APP, TargetsAppModule } from '../../apps/targets/src/targets-app.module';
import {
  TEMPLATE_EXPORT_APP,
  TemplateExportAppModule,
} from '../../apps/template-export/src/template-export-app.module';
import { IMPORT_APP, ImportAppModule } from '../../apps/import/src/import-app.module';
import { NOTIFICATIONS_APP, NotificationsAppModule } from '../../apps/notifications/src/notifications-app.module';

// Debian's chromium (.ci/run installs it when missing); playwright-core downloads no browser.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
];

/**
 * An operations person does the whole flow in the portal (the targets app's /docs) with Chromium: the four documents in
 * one top-bar selector, one Authorize per key for all four apps, and the pre-filled examples executed as they are,
 * but for what the flow needs (a new institution code, the target's id, the file to upload).
 */
describe('the operators portal in Swagger UI (a real browser)', () => {
  let apps: Record<'targets' | 'exports' | 'imports' | 'notifications', RunningApp>;
  let browser: Browser;
  let page: Page;
  const env = { ...process.env };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    isolateTestFile();
    const [exports, imports, notifications] = await Promise.all([
      startApp(TemplateExportAppModule, TEMPLATE_EXPORT_APP),
      startApp(ImportAppModule, IMPORT_APP),
      startApp(NotificationsAppModule, NOTIFICATIONS_APP),
    ]);
    // The portal finds the other apps at their public URLs, here their random ports.
    Object.assign(process.env, {
      PUBLIC_URL_TEMPLATE_EXPORT: exports.url,
      PUBLIC_URL_IMPORT: imports.url,
      PUBLIC_URL_NOTIFICATIONS: notifications.url,
    });
    const targets = await startApp(TargetsAppModule, TARGETS_APP);
    apps = { targets, exports, imports, notifications };
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    page = await browser.newPage();
  });

  afterAll(async () => {
    process.env = env;
    await browser?.close();
    await Promise.all(Object.values(apps ?? {}).map((app) => app.close()));
  });

  it('creates an institution, its codes, contacts and a target, exports and validates, with one key for all apps', async () => {
    await page.goto(`${apps.targets.url}/docs`);
    const selector = page.locator('.topbar select');
    await selector.waitFor();
    expect(await selector.locator('option').allInnerTexts()).toEqual([
      'targets',
      'template-export',
      'import',
      'notifications',
    ]);

    // The admin key creates the institution; the example's code, made new.
    await authorize(ADMIN_KEY);
    const code = `THEATRE_${randomBytes(4).toString('hex').toUpperCase()}`;
    const institution = await execute('institutions', 'createInstitution', {
      edit: (body) => ({ ...body, code }),
    });
    expect(institution).toMatchObject({ status: '201', body: { code, apiKey: expect.any(String) } });
    const apiKey: string = institution.body.apiKey;

    // The admin key kept by mistake is told so.
    expect(await execute('criteria', 'createCriterion')).toMatchObject({
      status: '401',
      body: { code: 'UNAUTHORIZED', message: expect.stringContaining('the admin key only creates institutions') },
    });

    // From here on, the institution key: one Authorize for the four apps.
    await authorize(apiKey);
    expect(await execute('criteria', 'createCriterion')).toMatchObject({
      status: '201',
      body: { code: 'MUSIC_TASTE' },
    });
    const values = await execute('criteria', 'addCriterionValues', { path: { code: 'MUSIC_TASTE' } });
    expect(values).toMatchObject({ status: '201' });
    expect(values.body.map((value: { code: string }) => value.code).sort()).toEqual(['BLUES', 'JAZZ', 'ROCK']);
    expect(await execute('authorizations', 'createAuthorization')).toMatchObject({
      status: '201',
      body: { code: 'NEWSLETTER' },
    });
    expect(await execute('contacts', 'createContact')).toMatchObject({
      status: '201',
      body: { criteria: { MUSIC_TASTE: ['JAZZ', 'ROCK'] }, authorizations: { NEWSLETTER: true } },
    });
    const target = await execute('targets', 'createTarget');
    expect(target).toMatchObject({ status: '201', body: { id: expect.any(Number) } });

    // Another app's document, same page: still authorized, and its requests go to that app.
    await switchTo('template-export');
    expect(await page.locator('.auth-wrapper button.authorize.locked').count()).toBe(1);
    const exported = await execute('template-exports', 'createTemplateExport', {
      edit: (body) => ({ ...body, targetId: target.body.id }),
    });
    expect(exported).toMatchObject({ status: '202', body: { id: expect.any(Number), status: 'queued' } });

    // The typed client follows the job, and fetches the zip the next step uploads.
    const clients = clientsFor(apps, apiKey);
    const path = { id: exported.body.id as number };
    await waitFor(async () => {
      const { data } = await clients.exports.GET('/template-exports/{id}', { params: { path } });
      return data?.status === 'completed' ? data : undefined;
    }, 'the export to complete');
    const zip = await clients.exports.GET('/template-exports/{id}/file', { params: { path }, parseAs: 'arrayBuffer' });
    const file = join(mkdtempSync(join(tmpdir(), 'cmu-portal-')), 'template.zip');
    writeFileSync(file, Buffer.from(zip.data as ArrayBuffer));

    await switchTo('import');
    const uploaded = await execute('imports', 'createImport', {
      form: async (operation) => {
        await operation.locator('input[type="file"]').setInputFiles(file);
        // Pre-filled from the examples: a criteria file, validated (writes nothing).
        expect(await operation.locator('tr[data-property-name="dataType"] select').inputValue()).toBe('criteria');
        expect(await operation.locator('tr[data-property-name="mode"] select').inputValue()).toBe('validate');
        expect(await operation.locator('tr[data-property-name="email"] input[type="text"]').inputValue()).toBe('');
      },
    });
    expect(uploaded).toMatchObject({ status: '202', body: { id: expect.any(Number), status: 'queued' } });
    const validated = await waitFor(async () => {
      const { data } = await clients.imports.GET('/imports/{id}', { params: { path: { id: uploaded.body.id } } });
      return data && !['queued', 'running'].includes(data.status) ? data : undefined;
    }, 'the import to finish');
    expect(validated).toMatchObject({ status: 'validated', mode: 'validate', counts: { rows: 1, errorRows: 0 } });
  });

  /** Logs out whatever key is kept, and authorizes with `key`: the portal keeps it for every document. */
  async function authorize(key: string): Promise<void> {
    await page.locator('.auth-wrapper button.authorize').click();
    const modal = page.locator('.modal-ux');
    const logout = modal.locator('.auth-btn-wrapper button', { hasText: 'Logout' });
    if (await logout.count()) await logout.click();
    await modal.locator('input[type="text"], input[type="password"]').first().fill(key);
    await modal.locator('.auth-btn-wrapper button.authorize').click();
    await modal.locator('button.btn-done').click();
  }

  /** Picks a document in the top bar; waits for its title (the app's name, spaced). */
  async function switchTo(name: string): Promise<void> {
    await page.locator('.topbar select').selectOption({ label: name });
    await page.locator('.information-container .title', { hasText: name.replace('-', ' ') }).waitFor();
  }

  /**
   * Opens an operation, tries it out with its pre-filled body (changed by `edit`; path parameters, which have no
   * example, filled from `path`), executes; answers the response.
   */
  async function execute(
    tag: string,
    operationId: string,
    options: {
      path?: Record<string, string>;
      edit?: (body: any) => unknown;
      form?: (operation: Locator) => Promise<void>;
    } = {},
  ): Promise<{ status: string; body: any }> {
    const operation = page.locator(`#operations-${tag}-${operationId}`);
    await operation.locator('.opblock-summary').first().click();
    // Tried out before: Cancel clears its last answer, so that the new one is read.
    if (await operation.locator('button.try-out__btn.cancel').count())
      await operation.locator('button.try-out__btn').click();
    await operation.locator('button.try-out__btn').click();
    for (const [name, value] of Object.entries(options.path ?? {}))
      await operation.locator(`tr[data-param-name="${name}"] input`).fill(value);
    if (options.edit) {
      const text = operation.locator('textarea.body-param__text');
      await text.fill(JSON.stringify(options.edit(JSON.parse(await text.inputValue()))));
    }
    await options.form?.(operation);
    await operation.locator('button.execute').click();
    const status = operation.locator('.live-responses-table tbody .response-col_status').first();
    await status.waitFor({ timeout: 30_000 });
    const text = await operation
      .locator('.live-responses-table tbody .response-col_description pre')
      .first()
      .innerText();
    const answer = { status: (await status.innerText()).trim(), body: JSON.parse(text) };
    // Closed again, to keep the page short.
    await operation.locator('.opblock-summary').first().click();
    return answer;
  }
});
