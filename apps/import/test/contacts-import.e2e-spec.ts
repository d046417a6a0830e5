import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { templateHeader } from '@app/csv-schema';
import { JobName, QueueName } from '@app/queues';
import type { RunningApp } from '../../../test/utils';
import { clientsFor, createInstitution, expectStatus, isolateTestFile, seed, startApp } from '../../../test/utils';
import { TARGETS_APP, TargetsAppModule } from '../../targets/src/targets-app.module';
import { TEMPLATE_EXPORT_APP, TemplateExportAppModule } from '../../template-export/src/template-export-app.module';
import { BatchWriter } from '@app/database';
import { IMPORT_APP, ImportAppModule } from '../src/import-app.module';
import { csvBytes, exportTemplate, parseCsv, report, runImport, unzipSingle, waitImport } from './import-helpers';

/** A name without digits for row i: Aa, Ab, ... */
const letters = (i: number) => `N${[...i.toString(26)].map((d) => String.fromCharCode(97 + parseInt(d, 26))).join('')}`;

describe('import of contacts: create, update through the template, quality checks, revert', () => {
  let targets: RunningApp;
  let exporter: RunningApp;
  let importer: RunningApp;
  let db: DataSource;

  const contact = async (key: string, id: number) =>
    clientsFor({ targets }, key).targets.GET('/contacts/{id}', { params: { path: { id } } });
  const institution = async (contacts: { firstName: string; lastName: string; email: string }[]) => {
    const { apiKey: key } = await createInstitution(targets.url);
    const { contactIds } = await seed(targets.url, key, {
      criteria: [{ code: 'MUSIC', multiValued: true, values: ['JAZZ', 'ROCK'] }],
      authorizations: ['NEWSLETTER'],
      contacts,
    });
    return { key, ids: contactIds };
  };
  const created = async (importId: number): Promise<{ contact_id: number; line: number }[]> =>
    db.query(
      `SELECT contact_id, line FROM import_changes WHERE import_id = ? AND field_code = '__created' ORDER BY line`,
      [importId],
    );

  beforeAll(async () => {
    isolateTestFile({ IMPORT_BATCH_SIZE: '100' });
    targets = await startApp(TargetsAppModule, TARGETS_APP);
    exporter = await startApp(TemplateExportAppModule, TEMPLATE_EXPORT_APP);
    importer = await startApp(ImportAppModule, IMPORT_APP);
    db = importer.app.get(DataSource);
  });
  afterAll(async () => {
    await importer?.close();
    await exporter?.close();
    await targets?.close();
  });

  it('creates 1,000 contacts with their criteria and authorizations, and a resumed apply creates none twice', async () => {
    const { key } = await institution([]);
    const header = [
      'contact_id',
      'first_name',
      'last_name',
      'email',
      'birth_date',
      'language',
      'MUSIC',
      '[new] NEWSLETTER',
    ];
    const rows = Array.from({ length: 1000 }, (_, i) => [
      '',
      letters(i),
      'Bulk',
      `bulk${i}@example.org`,
      '24.12.1990',
      i % 2 ? 'FR' : 'de',
      'JAZZ|ROCK',
      'TRUE',
    ]);
    const file = await csvBytes(header, rows);

    const validated = await runImport(importer.url, key, file, { dataType: 'contacts', mode: 'validate' });
    expect(validated).toMatchObject({
      status: 'validated',
      counts: { rows: 1000, validRows: 1000, errorRows: 0, changes: 1000, applied: 0 },
    });
    expect(await created(validated.id)).toEqual([]);

    const applied = await runImport(importer.url, key, file, { dataType: 'contacts', mode: 'apply' });
    expect(applied).toMatchObject({
      status: 'completed',
      counts: { rows: 1000, validRows: 1000, errorRows: 0, changes: 1000, applied: 1000 },
    });
    expect(await report(importer.url, key, applied.id)).toEqual([]);
    const log = await created(applied.id);
    expect(log.map((change) => change.line)).toEqual(rows.map((_, i) => i + 2));
    const last = await contact(key, log[999].contact_id);
    expect(last.data).toMatchObject({
      firstName: letters(999),
      lastName: 'Bulk',
      email: 'bulk999@example.org',
      criteria: { MUSIC: ['JAZZ', 'ROCK'] },
      authorizations: { NEWSLETTER: true },
    });
    const [stored] = await db.query(
      `SELECT DATE_FORMAT(birth_date, '%Y-%m-%d') AS birth_date, language FROM contacts WHERE id = ?`,
      [log[999].contact_id],
    );
    expect(stored).toEqual({ birth_date: '1990-12-24', language: 'fr' });

    // A worker that died after committing lines 2..501: the same file, cursor at 501.
    const [imp] = await db.query('SELECT institution_id, stored_name FROM imports WHERE id = ?', [applied.id]);
    const inserted = await db.query(
      `INSERT INTO imports (institution_id, data_type, mode, status, original_name, stored_name, rows_count, valid_rows, changes, applied, processed, last_applied_line)
       VALUES (?, 'contacts', 'apply', 'running', 'resumed.csv', ?, 500, 500, 500, 500, 500, 501)`,
      [imp.institution_id, imp.stored_name],
    );
    const resumedId = Number(inserted.insertId);
    await importer.app.get<Queue>(getQueueToken(QueueName.Import)).add(JobName.ProcessImport, { importId: resumedId });
    const resumed = await waitImport(importer.url, key, resumedId);
    // Its rows repeat e-mails the first apply created: warnings, still created (a create is never refused for that).
    expect(resumed).toMatchObject({ status: 'completed', counts: { rows: 1000, validRows: 1000, applied: 1000 } });
    const resumedLog = await created(resumedId);
    expect(resumedLog.map((change) => change.line)).toEqual(rows.slice(500).map((_, i) => i + 502));
  });

  /**
   * Creates `count` contacts whose rows differ in every column, then reads each created contact back
   * through the API by the id the change log gives its line: a contact holding another row's values
   * would mean the created ids were mapped to the wrong rows (change log, criteria, authorizations).
   * Answers how many INSERT INTO contacts statements the apply committed.
   */
  const createAndCheckEachContact = async (count: number): Promise<number> => {
    const { key } = await institution([]);
    const header = ['contact_id', 'first_name', 'last_name', 'email', 'phone', 'MUSIC', 'NEWSLETTER'];
    const music = (i: number) => ['JAZZ', 'ROCK'].filter((_, bit) => (i >> bit) & 1);
    const phone = (i: number) => (i % 5 === 0 ? null : `+3360${String(1000000 + i)}`);
    const newsletter = (i: number) => [true, false, null][i % 3];
    const rows = Array.from({ length: count }, (_, i) => [
      '',
      letters(i),
      letters(count - i),
      `own${i}@ids.example`,
      phone(i) ?? '',
      music(i).join('|'),
      String(newsletter(i) ?? '').toUpperCase(),
    ]);
    const commit = jest.spyOn(importer.app.get(BatchWriter), 'commit');
    try {
      const applied = await runImport(importer.url, key, await csvBytes(header, rows), {
        dataType: 'contacts',
        mode: 'apply',
      });
      expect(applied).toMatchObject({
        status: 'completed',
        counts: { rows: count, validRows: count, errorRows: 0, changes: count, applied: count },
      });
      const log = await created(applied.id);
      expect(log.map((change) => change.line)).toEqual(rows.map((_, i) => i + 2));
      expect(new Set(log.map((change) => Number(change.contact_id))).size).toBe(count);
      for (const { contact_id, line } of log) {
        const i = line - 2;
        const id = Number(contact_id);
        expect({ line, contact: (await contact(key, id)).data }).toEqual({
          line,
          contact: {
            id,
            firstName: letters(i),
            lastName: letters(count - i),
            email: `own${i}@ids.example`,
            birthDate: null,
            language: null,
            phone: phone(i),
            criteria: { MUSIC: music(i) },
            authorizations: { NEWSLETTER: newsletter(i) },
          },
        });
      }
      const statements = commit.mock.calls.flatMap(([batch]) => batch);
      return statements.filter((statement) => statement.sql.startsWith('INSERT INTO contacts ')).length;
    } finally {
      commit.mockRestore();
    }
  };

  it('creates contacts with one multi-row INSERT per batch, each created contact holding exactly its own row (id mapping)', async () => {
    // 250 rows in batches of 100: three INSERTs, the last one shorter.
    const inserts = await createAndCheckEachContact(250);
    // innodb_autoinc_lock_mode 0 or 1 (MariaDB's default): consecutive ids, one INSERT per batch; 2: one per contact.
    expect(inserts).toBe((await importer.app.get(BatchWriter).multiRowInsertIdsConsecutive()) ? 3 : 250);
  });

  it('creates contacts one INSERT at a time when multi-row ids may interleave (innodb_autoinc_lock_mode 2), with the same result', async () => {
    const mode = jest.spyOn(importer.app.get(BatchWriter), 'multiRowInsertIdsConsecutive').mockResolvedValue(false);
    try {
      expect(await createAndCheckEachContact(150)).toBe(150);
    } finally {
      mode.mockRestore();
    }
  });

  it('updates names and e-mails through the exported contacts template, with stale-data detection; untouched, it changes nothing', async () => {
    const { key, ids } = await institution([
      { firstName: 'Ana', lastName: 'Alpha', email: 'ana@seed.example' },
      { firstName: 'Bob', lastName: 'Beta', email: 'bob@seed.example' },
      { firstName: 'Cyd', lastName: 'Gamma', email: 'cyd@seed.example' },
    ]);
    const target = expectStatus(
      await clientsFor({ targets }, key).targets.POST('/targets', { body: { name: 'everyone', rule: { all: [] } } }),
      201,
    );
    const zip = await exportTemplate(exporter.url, key, { dataType: 'contacts', targetId: target.id });
    const [header, ...rows] = await parseCsv(await unzipSingle(zip));
    expect(header).toEqual(
      templateHeader('contacts', ['first_name', 'last_name', 'email', 'birth_date', 'language', 'phone']),
    );
    const col = (name: string) => header.indexOf(name);
    const row = (id: number) => rows.find((r) => Number(r[0]) === id)!;

    const untouched = await runImport(importer.url, key, await csvBytes(header, rows), {
      dataType: 'contacts',
      mode: 'validate',
    });
    expect(untouched).toMatchObject({
      status: 'validated',
      counts: { rows: 3, validRows: 3, errorRows: 0, changes: 0, unchanged: 18, conflicts: 0 },
    });
    expect(await report(importer.url, key, untouched.id)).toEqual([]);

    // Someone renames Bob after the export (a bare-column import: contact_id, last_name).
    const meanwhile = await runImport(
      importer.url,
      key,
      await csvBytes(['contact_id', 'last_name'], [[String(ids[1]), 'Betamax']]),
      { dataType: 'contacts', mode: 'apply' },
    );
    expect(meanwhile).toMatchObject({ status: 'completed', counts: { changes: 1, applied: 1 } });

    row(ids[0])[col('[new] first_name')] = 'Anna';
    row(ids[0])[col('[new] email')] = 'anna@new.example';
    row(ids[1])[col('[new] last_name')] = 'Bravo';
    row(ids[1])[col('[new] first_name')] = 'Bobby';
    const applied = await runImport(importer.url, key, await csvBytes(header, rows), {
      dataType: 'contacts',
      mode: 'apply',
    });
    expect(applied).toMatchObject({
      status: 'completed',
      counts: { rows: 3, validRows: 3, errorRows: 0, changes: 4, unchanged: 14, conflicts: 1, applied: 3 },
    });
    expect(
      (await report(importer.url, key, applied.id)).map((r) => [r.line, r.contact_id, r.column, r.code, r.severity]),
    ).toEqual([[rows.indexOf(row(ids[1])) + 2, String(ids[1]), '[old] last_name', 'STALE_VALUE', 'conflict']]);
    expect((await contact(key, ids[0])).data).toMatchObject({
      firstName: 'Anna',
      lastName: 'Alpha',
      email: 'anna@new.example',
    });
    expect((await contact(key, ids[1])).data).toMatchObject({
      firstName: 'Bobby',
      lastName: 'Betamax',
      email: 'bob@seed.example',
    });
    expect((await contact(key, ids[2])).data).toMatchObject({
      firstName: 'Cyd',
      lastName: 'Gamma',
      email: 'cyd@seed.example',
    });
  });

  it('reports every quality code with its line, column and severity, and writes nothing on validate', async () => {
    const { key, ids } = await institution([
      { firstName: 'Ana', lastName: 'Alpha', email: 'ana@q.example' },
      { firstName: 'Bob', lastName: 'Beta', email: 'bob@q.example' },
      { firstName: 'Cyd', lastName: 'Gamma', email: 'cyd@q.example' },
    ]);
    const header = ['contact_id', 'first_name', 'last_name', 'email', 'birth_date', 'language', 'phone'];
    const rows = [
      ['', 'Jo3', 'Smith', 'not-an-email', '31.02.1990', 'xx', '06 12 34 56 78'], // 2
      ['', '', 'Smith', 'dup@q.example', '01.01.2999', 'de', '+33 6 12 34 56 78'], // 3
      ['', 'Ann', 'Lee', 'DUP@q.example', '1/2/1980', 'EN', ''], // 4
      ['', 'Bo', 'Ray', 'ana@q.example', '', '', ''], // 5
      [String(ids[1]), 'Bob', 'Beta', 'ana@q.example', '', '', ''], // 6
      [String(ids[2]), 'Cyd', 'Gamma', 'dup@q.example', '15-06-1975', 'it', ''], // 7
      [String(ids[0]), 'Ana', 'Alpha', 'ana@q.example', '', '', ''], // 8: unchanged, the e-mail is its own
    ];
    const validated = await runImport(importer.url, key, await csvBytes(header, rows), {
      dataType: 'contacts',
      mode: 'validate',
    });
    expect(validated).toMatchObject({
      status: 'validated',
      counts: { rows: 7, validRows: 3, errorRows: 4, applied: 0 },
    });
    const found = (await report(importer.url, key, validated.id)).map((r) => [
      r.line,
      r.column,
      r.value,
      r.code,
      r.severity,
    ]);
    const expected = [
      [2, 'first_name', 'Jo3', 'DIGITS_IN_NAME', 'error'],
      [2, 'email', 'not-an-email', 'INVALID_EMAIL', 'error'],
      [2, 'birth_date', '31.02.1990', 'INVALID_DATE', 'error'],
      [2, 'language', 'xx', 'UNKNOWN_LANGUAGE', 'error'],
      [2, 'phone', '06 12 34 56 78', 'INVALID_PHONE', 'error'],
      [3, 'first_name', '', 'MISSING_NAME', 'error'],
      [3, 'birth_date', '01.01.2999', 'FUTURE_DATE', 'error'],
      [4, 'email', 'DUP@q.example', 'DUPLICATE_EMAIL_IN_FILE', 'warning'],
      [5, 'email', 'ana@q.example', 'EMAIL_ALREADY_USED', 'warning'],
      [6, 'email', 'ana@q.example', 'EMAIL_ALREADY_USED', 'error'],
      [7, 'email', 'dup@q.example', 'DUPLICATE_EMAIL_IN_FILE', 'error'],
    ];
    const byPlace = (a: unknown[], b: unknown[]) =>
      (a[0] as number) - (b[0] as number) || String(a[1]).localeCompare(String(b[1]));
    expect([...found].sort(byPlace)).toEqual([...expected].sort(byPlace));
    const [{ count }] = await db.query(
      'SELECT COUNT(*) AS count FROM contacts WHERE institution_id = (SELECT institution_id FROM contacts WHERE id = ?)',
      [ids[0]],
    );
    expect(Number(count)).toBe(3);
    expect((await contact(key, ids[2])).data).toMatchObject({ email: 'cyd@q.example' });
  });

  it('reverts an import that created and updated contacts: created ones deleted unless changed since, fields restored', async () => {
    const { key, ids } = await institution([
      { firstName: 'Ana', lastName: 'Alpha', email: 'ana@r.example' },
      { firstName: 'Bob', lastName: 'Beta', email: 'bob@r.example' },
    ]);
    const header = ['contact_id', 'first_name', 'last_name', 'email', 'phone', 'MUSIC', 'NEWSLETTER'];
    const rows = [
      ['', 'Xena', 'Xray', 'xena@r.example', '+41 79 000 00 01', 'JAZZ', 'TRUE'],
      ['', 'Yves', 'Yankee', 'yves@r.example', '', '', 'FALSE'],
      [String(ids[0]), 'Anita', 'Alpha', 'ana@r.example', '', 'ROCK', ''],
      [String(ids[1]), 'Bob', 'Beta', 'bobby@r.example', '0041790000002', '', ''],
    ];
    const applied = await runImport(importer.url, key, await csvBytes(header, rows), {
      dataType: 'contacts',
      mode: 'apply',
    });
    expect(applied).toMatchObject({ status: 'completed', counts: { rows: 4, validRows: 4, changes: 6, applied: 6 } });
    const [x, y] = (await created(applied.id)).map((change) => Number(change.contact_id));
    expect((await contact(key, ids[1])).data).toMatchObject({ email: 'bobby@r.example', phone: '+41790000002' });
    expect((await contact(key, x)).data).toMatchObject({
      firstName: 'Xena',
      phone: '+41790000001',
      criteria: { MUSIC: ['JAZZ'] },
      authorizations: { NEWSLETTER: true },
    });
    expect((await contact(key, ids[0])).data).toMatchObject({ firstName: 'Anita', criteria: { MUSIC: ['ROCK'] } });

    // Yves is edited after the import: the revert must keep him.
    const later = await runImport(
      importer.url,
      key,
      await csvBytes(['contact_id', 'last_name'], [[String(y), 'Young']]),
      { dataType: 'contacts', mode: 'apply' },
    );
    expect(later).toMatchObject({ status: 'completed', counts: { applied: 1 } });

    const revert = await clientsFor({ imports: importer }, key).imports.POST('/imports/{id}/revert', {
      params: { path: { id: applied.id } },
    });
    expect(revert.response.status).toBe(202);
    expect(await waitImport(importer.url, key, applied.id, ['reverted', 'completed'])).toMatchObject({
      status: 'reverted',
    });
    expect((await contact(key, x)).response.status).toBe(404);
    const [{ leftovers }] = await db.query(
      'SELECT (SELECT COUNT(*) FROM contact_criterion_values WHERE contact_id = ?) + (SELECT COUNT(*) FROM contact_authorizations WHERE contact_id = ?) AS leftovers',
      [x, x],
    );
    expect(Number(leftovers)).toBe(0);
    expect((await contact(key, y)).data).toMatchObject({ firstName: 'Yves', lastName: 'Young' });
    expect((await contact(key, ids[0])).data).toMatchObject({
      firstName: 'Ana',
      lastName: 'Alpha',
      email: 'ana@r.example',
      criteria: { MUSIC: [] },
    });
    expect((await contact(key, ids[1])).data).toMatchObject({ firstName: 'Bob', email: 'bob@r.example', phone: null });
    const issues = (await report(importer.url, key, applied.id)).map((r) => [r.line, r.contact_id, r.code, r.severity]);
    expect(issues).toEqual([[3, String(y), 'CHANGED_SINCE_IMPORT', 'conflict']]);
  });
});
