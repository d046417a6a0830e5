// Issue 10: a template opened and saved again in LibreOffice (en-US, fr-FR, de-DE) imports with no change,
// conflict or error; cells edited through the spreadsheet give exactly those changes. Real apps, real LibreOffice.
import { readFile } from 'fs/promises';
import type { TargetsComponents } from '@app/api-client';
import type { Clients, RunningApp } from '../utils';
import { clientsFor, createInstitution, expectStatus, isolateTestFile, seed, startApp, waitFor } from '../utils';
import { TARGETS_APP, TargetsAppModule } from '../../apps/targets/src/targets-app.module';
import {
  TEMPLATE_EXPORT_APP,
  TemplateExportAppModule,
} from '../../apps/template-export/src/template-export-app.module';
import { IMPORT_APP, ImportAppModule } from '../../apps/import/src/import-app.module';
import { parseCsv, report, runImport, unzipSingle } from '../../apps/import/test/import-helpers';
import type { CellEdit, SpreadsheetLocale } from '../spreadsheet/libreoffice';
import {
  convertWithLibreOffice,
  editThroughSpreadsheet,
  removeLibreOfficeFiles,
  writeTempFile,
} from '../spreadsheet/libreoffice';

const LOCALES: SpreadsheetLocale[] = ['en-US', 'fr-FR', 'de-DE'];
const DATA_TYPES = ['criteria', 'authorizations', 'contacts'] as const;
type DataType = (typeof DATA_TYPES)[number];

// Birth dates a spreadsheet could take for days or numbers (day <= 12, a leap day), and languages.
const CONTACTS: TargetsComponents['schemas']['CreateContactDto'][] = [
  {
    firstName: 'Zoé',
    lastName: 'Dupré',
    email: 'zoe@example.org',
    birthDate: '1980-12-31',
    language: 'fr',
    criteria: { MUSIC: ['JAZZ', '010'], LEVEL: ['007'] },
    authorizations: { NEWSLETTER: true },
  },
  {
    firstName: 'Jürgen',
    lastName: "O'Neil, Jr",
    email: 'j@example.org',
    birthDate: '2003-02-01',
    language: 'de',
    criteria: { MUSIC: ['ROCK', 'POP'], LEVEL: ['03.04'] },
    authorizations: { SMS: false },
  },
  {
    firstName: '=SUM(A:A)',
    lastName: '-x',
    email: 'x@example.org',
    birthDate: '1904-02-29',
    language: 'it',
    criteria: { LEVEL: ['001'] },
    authorizations: { NEWSLETTER: false, SMS: true },
  },
  { firstName: 'Ça', lastName: 'Ørsted', email: 'c@example.org' },
];

// LibreOffice starts in seconds alone, in a minute on a loaded machine.
const LIBREOFFICE_TIMEOUT = 300_000;

describe('template through LibreOffice and back', () => {
  let targets: RunningApp;
  let exporter: RunningApp;
  let importer: RunningApp;
  let key: string;
  let api: Clients;
  let ids: number[];
  let targetId: number;
  const templates: Record<DataType, { path: string; rows: string[][] }> = {} as never;

  beforeAll(async () => {
    isolateTestFile();
    targets = await startApp(TargetsAppModule, TARGETS_APP);
    exporter = await startApp(TemplateExportAppModule, TEMPLATE_EXPORT_APP);
    importer = await startApp(ImportAppModule, IMPORT_APP);
    key = (await createInstitution(targets.url)).apiKey;
    ({ contactIds: ids } = await seed(targets.url, key, {
      criteria: [
        { code: 'MUSIC', multiValued: true, values: ['JAZZ', 'ROCK', 'POP', '010'] },
        { code: 'LEVEL', multiValued: false, values: ['001', '007', '03.04', 'GOLD'] },
      ],
      authorizations: ['NEWSLETTER', 'SMS'],
      contacts: CONTACTS,
    }));
    api = clientsFor({ targets, exports: exporter, imports: importer }, key);
    targetId = expectStatus(
      await api.targets.POST('/targets', { body: { name: 'everyone', rule: { all: [] } } }),
      201,
    ).id;
    for (const dataType of DATA_TYPES) {
      const csv = await unzipSingle(await exportedZip({ dataType, targetId }));
      templates[dataType] = { path: await writeTempFile(`template-${dataType}.csv`, csv), rows: await parseCsv(csv) };
    }
  }, LIBREOFFICE_TIMEOUT);
  afterAll(async () => {
    await importer?.close();
    await exporter?.close();
    await targets?.close();
    removeLibreOfficeFiles();
  });

  /** Requests a template export, waits for it, and answers its zip. */
  async function exportedZip(body: { dataType: DataType; targetId: number; format?: 'xlsx' }): Promise<Buffer> {
    const { id } = expectStatus(await api.exports.POST('/template-exports', { body }), 202);
    await waitFor(
      async () => {
        const view = expectStatus(await api.exports.GET('/template-exports/{id}', { params: { path: { id } } }), 200);
        if (view.status === 'failed') throw new Error(JSON.stringify(view));
        return view.status === 'completed' ? view : undefined;
      },
      `${body.format ?? 'csv'} template export`,
    );
    return Buffer.from(
      expectStatus(
        await api.exports.GET('/template-exports/{id}/file', { params: { path: { id } }, parseAs: 'arrayBuffer' }),
        200,
      ),
    );
  }

  const line = (id: number) => templates.criteria.rows.findIndex((row) => Number(row[0]) === id) + 1;
  const validate = async (path: string, dataType: string) =>
    runImport(
      importer.url,
      key,
      await readFile(path),
      { dataType, mode: 'validate' },
      path.endsWith('.xlsx') ? 'template.xlsx' : 'template.csv',
    );

  it(
    're-saved as CSV in en-US, fr-FR and de-DE: no change, no conflict, no error',
    async () => {
      const saved = await Promise.all(
        LOCALES.map((locale) =>
          convertWithLibreOffice(
            DATA_TYPES.map((dataType) => templates[dataType].path),
            { locale, to: 'csv' },
          ),
        ),
      );
      // The contacts template carries birth dates (yyyy-mm-dd) and languages.
      expect(templates.contacts.rows[0]).toContain('[new] birth_date');
      expect(templates.contacts.rows.flat()).toContain('1904-02-29');
      for (const [index, locale] of LOCALES.entries()) {
        const [criteria] = saved[index];
        // The spreadsheet did change the file: separator, quotes, charset, and (en-US) `007` -> `7`.
        expect((await readFile(criteria)).equals(await readFile(templates.criteria.path))).toBe(false);
        for (const [path, dataType] of DATA_TYPES.map((dataType, i) => [saved[index][i], dataType] as const)) {
          const result = await validate(path, dataType);
          expect({
            locale,
            dataType,
            status: result.status,
            fileErrors: result.fileErrors,
            counts: result.counts,
          }).toMatchObject({
            locale,
            dataType,
            status: 'validated',
            fileErrors: [],
            counts: { rows: 4, validRows: 4, errorRows: 0, changes: 0, conflicts: 0, applied: 0 },
          });
          const issues = await report(importer.url, key, result.id);
          expect(issues.filter((issue) => issue.severity !== 'warning')).toEqual([]);
          // Only the spreadsheet's numeric mangling is warned about, and only where it happened.
          expect(issues.every((issue) => issue.code === 'NUMERIC_CODE_COERCED')).toBe(true);
          if (dataType === 'criteria') {
            // 007 came back as 7 in every locale and was recognised.
            expect(issues).toContainEqual(
              expect.objectContaining({
                line: line(ids[0]),
                column: '[new] LEVEL',
                value: '7',
                code: 'NUMERIC_CODE_COERCED',
              }),
            );
          }
        }
      }
    },
    LIBREOFFICE_TIMEOUT,
  );

  it(
    'an XLSX template re-saved as CSV and as XLSX in en-US and fr-FR: no change, no conflict, no error',
    async () => {
      const workbooks: string[] = [];
      for (const dataType of DATA_TYPES) {
        const xlsx = await unzipSingle(await exportedZip({ dataType, targetId, format: 'xlsx' }));
        workbooks.push(await writeTempFile(`template-${dataType}.xlsx`, xlsx));
      }
      // One batch: both workbooks per call, the four calls at once (LibreOffice serializes those of one locale).
      const runs = (['en-US', 'fr-FR'] as const).flatMap((locale) =>
        (['csv', 'xlsx'] as const).map((to) => ({ locale, to })),
      );
      const saved = await Promise.all(runs.map((run) => convertWithLibreOffice(workbooks, run)));
      for (const [index, run] of runs.entries()) {
        for (const [path, dataType] of DATA_TYPES.map((dataType, i) => [saved[index][i], dataType] as const)) {
          const result = await validate(path, dataType);
          expect({
            ...run,
            dataType,
            status: result.status,
            fileErrors: result.fileErrors,
            counts: result.counts,
          }).toMatchObject({
            ...run,
            dataType,
            status: 'validated',
            fileErrors: [],
            counts: { rows: 4, validRows: 4, errorRows: 0, changes: 0, conflicts: 0, applied: 0 },
          });
          // Text cells stay text: not even a coerced 007 to warn about.
          expect({ ...run, dataType, issues: await report(importer.url, key, result.id) }).toEqual({
            ...run,
            dataType,
            issues: [],
          });
        }
      }
    },
    LIBREOFFICE_TIMEOUT,
  );

  it(
    'cells edited through the spreadsheet give exactly those changes',
    async () => {
      const header = templates.criteria.rows[0];
      const criteriaEdits: CellEdit[] = [
        { row: line(ids[0]), column: '[new] MUSIC', value: 'JAZZ|ROCK' },
        { row: line(ids[1]), column: '[new] LEVEL', value: '007' }, // typed as text: stays 007
        { row: line(ids[3]), column: '[new] LEVEL', value: 'GOLD' },
      ];
      expect(header).toContain('[new] LEVEL');
      const authHeader = templates.authorizations.rows[0];
      const authLine = (id: number) => templates.authorizations.rows.findIndex((row) => Number(row[0]) === id) + 1;
      const authorizationEdits: CellEdit[] = [
        { row: authLine(ids[0]), column: '[new] NEWSLETTER', value: '' },
        { row: authLine(ids[3]), column: '[new] SMS', value: 'TRUE' },
      ];
      expect(authHeader).toContain('[new] SMS');

      const contactLine = (id: number) => templates.contacts.rows.findIndex((row) => Number(row[0]) === id) + 1;
      const contactEdits: CellEdit[] = [
        { row: contactLine(ids[1]), column: '[new] birth_date', value: '02.01.2003' }, // typed as text, the way the import messages suggest
        { row: contactLine(ids[3]), column: '[new] language', value: 'en' },
      ];

      const [criteria, authorizations, contacts] = await Promise.all([
        editThroughSpreadsheet(templates.criteria.path, criteriaEdits, { locale: 'fr-FR', to: 'csv' }),
        editThroughSpreadsheet(templates.authorizations.path, authorizationEdits, { locale: 'en-US', to: 'csv' }),
        editThroughSpreadsheet(templates.contacts.path, contactEdits, { locale: 'de-DE', to: 'csv' }),
      ]);
      const criteriaResult = await validate(criteria, 'criteria');
      expect(criteriaResult).toMatchObject({
        status: 'validated',
        counts: { rows: 4, errorRows: 0, changes: 3, conflicts: 0 },
      });
      const authorizationResult = await validate(authorizations, 'authorizations');
      expect(authorizationResult).toMatchObject({
        status: 'validated',
        counts: { rows: 4, errorRows: 0, changes: 2, conflicts: 0 },
      });

      const contactResult = await validate(contacts, 'contacts');
      expect(contactResult).toMatchObject({
        status: 'validated',
        counts: { rows: 4, errorRows: 0, changes: 2, conflicts: 0 },
      });

      for (const id of [criteriaResult.id, contactResult.id]) {
        const path = { id };
        expectStatus(await api.imports.POST('/imports/{id}/apply', { params: { path } }), 202);
        await waitFor(async () => {
          const view = expectStatus(await api.imports.GET('/imports/{id}', { params: { path } }), 200);
          return view.status === 'completed' ? view : undefined;
        }, 'apply');
      }
      const contact = async (id: number) =>
        expectStatus(await api.targets.GET('/contacts/{id}', { params: { path: { id } } }), 200).criteria;
      expect(await contact(ids[0])).toEqual({ MUSIC: ['JAZZ', 'ROCK'], LEVEL: ['007'] });
      expect(await contact(ids[1])).toEqual({ MUSIC: ['POP', 'ROCK'], LEVEL: ['007'] });
      expect(await contact(ids[2])).toEqual({ MUSIC: [], LEVEL: ['001'] });
      expect(await contact(ids[3])).toEqual({ MUSIC: [], LEVEL: ['GOLD'] });
      const person = async (id: number) => {
        const { birthDate, language } = expectStatus(
          await api.targets.GET('/contacts/{id}', { params: { path: { id } } }),
          200,
        );
        return { birthDate, language };
      };
      expect(await Promise.all(ids.map(person))).toEqual([
        { birthDate: '1980-12-31', language: 'fr' },
        { birthDate: '2003-01-02', language: 'de' },
        { birthDate: '1904-02-29', language: 'it' },
        { birthDate: null, language: 'en' },
      ]);
    },
    LIBREOFFICE_TIMEOUT,
  );
});
