// TemplateBuilderService against the e2e database: small institutions written by SQL, templates read back from the zip.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import * as yauzl from 'yauzl';
import { AppConfig } from '@app/common';
import type { DataType } from '@app/csv-schema';
import { readCsv, readXlsx } from '@app/csv-schema';
import type { TemplateExport } from '@app/database';
import { CodesRepository, ContactsRepository, dataSourceOptions, insertInstitution } from '@app/database';
import { LocalFileStore } from '@app/storage';
import { exportKey } from '../src/export-files';
import type { TargetWhere } from '../src/template-builder.service';
import { TemplateBuilderService } from '../src/template-builder.service';

/** The one entry of a zip: its name and bytes. */
function onlyEntry(zip: Buffer): Promise<{ name: string; bytes: Buffer }> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(zip, { lazyEntries: true }, (error, file) => {
      if (error || !file) return reject(error);
      const found: { name: string; bytes: Buffer }[] = [];
      file.on('entry', (entry: yauzl.Entry) =>
        file.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            found.push({ name: entry.fileName, bytes: Buffer.concat(chunks) });
            file.readEntry();
          });
        }),
      );
      file.on('end', () => (found.length === 1 ? resolve(found[0]) : reject(new Error(`${found.length} entries`))));
      file.readEntry();
    }),
  );
}

interface ContactSpec {
  first: string;
  last: string;
  email?: string;
  birth?: string | null;
  language?: string | null;
  /** criterion code -> value codes */
  values?: Record<string, string[]>;
  /** authorization code -> answer */
  answers?: Record<string, boolean>;
}

interface Institution {
  id: number;
  contactIds: number[];
}

describe('TemplateBuilderService', () => {
  let dataSource: DataSource;
  let builder: TemplateBuilderService;
  let filesDir: string;
  let store: LocalFileStore;
  let nextExportId = 1;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    dataSource = new DataSource(dataSourceOptions(process.env.DATABASE_URL!));
    await dataSource.initialize();
    filesDir = mkdtempSync(join(tmpdir(), 'cmu-builder-spec-'));
    store = new LocalFileStore(filesDir);
    builder = new TemplateBuilderService(
      dataSource,
      new AppConfig(),
      new CodesRepository(dataSource),
      new ContactsRepository(dataSource),
      store,
    );
  });

  afterAll(async () => {
    await dataSource?.destroy();
    if (filesDir) rmSync(filesDir, { recursive: true, force: true });
  });

  /**
   * An institution with its criteria (code -> [multi-valued, value codes]) and authorizations, and its contacts
   * inserted by one statement, so that they get consecutive ids in the given order.
   */
  async function institution(
    criteria: Record<string, [boolean, string[]]>,
    authorizations: string[],
    contacts: ContactSpec[],
  ): Promise<Institution> {
    const code = `B_${randomBytes(5).toString('hex')}`;
    const id = await insertInstitution(dataSource, { code, name: code, apiKeyHash: randomBytes(32).toString('hex') });
    const valueIds = new Map<string, [number, number]>();
    for (const [criterion, [multiValued, values]] of Object.entries(criteria)) {
      const row = await dataSource.query(
        'INSERT INTO criteria (institution_id, code, label, multi_valued) VALUES (?, ?, ?, ?)',
        [id, criterion, criterion, multiValued ? 1 : 0],
      );
      for (const value of values) {
        const inserted = await dataSource.query(
          'INSERT INTO criterion_values (criterion_id, code, label) VALUES (?, ?, ?)',
          [row.insertId, value, value],
        );
        valueIds.set(`${criterion}=${value}`, [Number(row.insertId), Number(inserted.insertId)]);
      }
    }
    const authorizationIds = new Map<string, number>();
    for (const authorization of authorizations) {
      const row = await dataSource.query('INSERT INTO authorizations (institution_id, code, label) VALUES (?, ?, ?)', [
        id,
        authorization,
        authorization,
      ]);
      authorizationIds.set(authorization, Number(row.insertId));
    }
    const contactIds: number[] = [];
    if (contacts.length) {
      const inserted = await dataSource.query(
        'INSERT INTO contacts (institution_id, first_name, last_name, email, birth_date, language) VALUES ?',
        [contacts.map((c) => [id, c.first, c.last, c.email ?? '', c.birth ?? null, c.language ?? null])],
      );
      const [{ step }] = await dataSource.query('SELECT @@auto_increment_increment AS step');
      contacts.forEach((_, k) => contactIds.push(Number(inserted.insertId) + k * Number(step)));
    }
    const values = contacts.flatMap((contact, k) =>
      Object.entries(contact.values ?? {}).flatMap(([criterion, codes]) =>
        codes.map((value) => {
          const [criterionId, valueId] = valueIds.get(`${criterion}=${value}`)!;
          return [contactIds[k], criterionId, valueId];
        }),
      ),
    );
    if (values.length)
      await dataSource.query('INSERT INTO contact_criterion_values (contact_id, criterion_id, value_id) VALUES ?', [
        values,
      ]);
    const answers = contacts.flatMap((contact, k) =>
      Object.entries(contact.answers ?? {}).map(([code, answer]) => [
        contactIds[k],
        authorizationIds.get(code)!,
        answer ? 1 : 0,
      ]),
    );
    if (answers.length)
      await dataSource.query('INSERT INTO contact_authorizations (contact_id, authorization_id, value) VALUES ?', [
        answers,
      ]);
    return { id, contactIds };
  }

  const everyone = (inst: Institution): TargetWhere => ({ sql: 'c.institution_id = ?', params: [inst.id] });

  /** Builds a template and reads its rows back (header first), as CSV or XLSX. */
  async function build(
    inst: Institution,
    dataType: DataType,
    where: TargetWhere = everyone(inst),
    options: { format?: 'csv' | 'xlsx'; fields?: string[] | null; delimiter?: string } = {},
  ) {
    const job = {
      id: nextExportId++,
      institutionId: inst.id,
      targetId: 3,
      dataType,
      fields: options.fields ?? null,
      delimiter: options.delimiter ?? ',',
      format: options.format ?? 'csv',
    } as TemplateExport;
    const progress: [number, number][] = [];
    const result = await builder.build(
      job,
      where,
      (processed, total) => {
        progress.push([processed, total]);
        return Promise.resolve();
      },
      new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
    );
    const { name, bytes } = await onlyEntry(await buffer(await store.read(exportKey(job.id, result.fileName))));
    const records = job.format === 'xlsx' ? readXlsx(Readable.from([bytes])) : readCsv(Readable.from([bytes]));
    const rows: string[][] = [];
    for await (const record of records) rows.push(record.cells);
    return { result, name, rows, progress };
  }

  describe('criteria', () => {
    let inst: Institution;
    beforeAll(async () => {
      inst = await institution(
        { MUSIC: [true, ['ROCK', 'JAZZ', 'POP']], LEVEL: [false, ['007', 'GOLD']], b_lower: [false, ['X']] },
        ['NEWSLETTER'],
        [
          {
            first: 'Ada',
            last: 'Lovelace',
            email: 'ada@example.org',
            values: { MUSIC: ['ROCK', 'JAZZ'], LEVEL: ['007'] },
          },
          { first: 'Grace', last: 'Hopper' },
          { first: 'Alan', last: 'Turing', values: { b_lower: ['X'], MUSIC: ['POP'] } },
          { first: 'Edsger', last: 'Dijkstra', values: { LEVEL: ['GOLD'], MUSIC: ['JAZZ', 'POP', 'ROCK'] } },
        ],
      );
    });

    it('writes one row per contact in id order, fields in byte order of their codes, multi-values joined', async () => {
      const { result, name, rows, progress } = await build(inst, 'criteria');
      const [a, g, t, e] = inst.contactIds.map(String);
      expect(rows).toEqual([
        [
          'contact_id',
          'last_name',
          'first_name',
          'email',
          '[old] LEVEL',
          '[new] LEVEL',
          '[old] MUSIC',
          '[new] MUSIC',
          '[old] b_lower',
          '[new] b_lower',
        ],
        [a, 'Lovelace', 'Ada', 'ada@example.org', '007', '007', 'JAZZ|ROCK', 'JAZZ|ROCK', '', ''],
        [g, 'Hopper', 'Grace', '', '', '', '', '', '', ''],
        [t, 'Turing', 'Alan', '', '', '', 'POP', 'POP', 'X', 'X'],
        [e, 'Dijkstra', 'Edsger', '', 'GOLD', 'GOLD', 'JAZZ|POP|ROCK', 'JAZZ|POP|ROCK', '', ''],
      ]);
      expect(result).toMatchObject({ rowCount: 4, fileName: 'template-criteria-3-20260102-030405.zip' });
      expect(name).toBe('template-criteria-3-20260102-030405.csv');
      expect(progress[0]).toEqual([0, 4]);
    });

    it('keeps only the asked fields, in template order', async () => {
      const { rows } = await build(inst, 'criteria', everyone(inst), { fields: ['b_lower', 'LEVEL'] });
      expect(rows[0].slice(4)).toEqual(['[old] LEVEL', '[new] LEVEL', '[old] b_lower', '[new] b_lower']);
      expect(rows.map((row) => row[5])).toEqual(['[new] LEVEL', '007', '', '', 'GOLD']);
    });

    it('gives the same rows as a workbook', async () => {
      const csv = await build(inst, 'criteria');
      const xlsx = await build(inst, 'criteria', everyone(inst), { format: 'xlsx' });
      expect(xlsx.rows).toEqual(csv.rows);
      expect(xlsx.name).toMatch(/\.xlsx$/);
    });

    it('writes the chosen delimiter', async () => {
      const { rows } = await build(inst, 'criteria', everyone(inst), { delimiter: ';' });
      expect(rows[1].slice(0, 4)).toEqual([String(inst.contactIds[0]), 'Lovelace', 'Ada', 'ada@example.org']);
    });

    it('leaves out the values of a contact outside a dense target, read over the id range', async () => {
      const [a, g, t, e] = inst.contactIds;
      // Three of four contacts: dense, so values are read over the id range and the merge-join drops Alan's.
      const dense = await build(inst, 'criteria', { sql: 'c.institution_id = ? AND c.id <> ?', params: [inst.id, t] });
      expect(dense.rows.slice(1).map((row) => [row[0], row[7], row[9]])).toEqual([
        [String(a), 'JAZZ|ROCK', ''],
        [String(g), '', ''],
        [String(e), 'JAZZ|POP|ROCK', ''],
      ]);
    });

    it('leaves out the contacts between those of a sparse target, whose values are joined in the database', async () => {
      const wide = await institution(
        { LEVEL: [false, ['GOLD', 'SILVER']] },
        [],
        ['A', 'B', 'C', 'D', 'E', 'F'].map((last, k) => ({
          first: 'X',
          last,
          values: { LEVEL: [k % 2 ? 'GOLD' : 'SILVER'] },
        })),
      );
      const [first, , , , , last] = wide.contactIds;
      // Two contacts over an id span of six: not worth a range scan of the values.
      const { rows } = await build(wide, 'criteria', {
        sql: 'c.institution_id = ? AND c.id IN (?, ?)',
        params: [wide.id, first, last],
      });
      expect(rows.slice(1).map((row) => [row[0], row[1], row[5]])).toEqual([
        [String(first), 'A', 'SILVER'],
        [String(last), 'F', 'GOLD'],
      ]);
    });

    it('writes the header alone for an empty target', async () => {
      const { rows, result } = await build(inst, 'criteria', {
        sql: 'c.institution_id = ? AND 1 = 0',
        params: [inst.id],
      });
      expect(rows).toHaveLength(1);
      expect(result.rowCount).toBe(0);
    });
  });

  it("never shows another institution's contacts or values, even with interleaved contact ids", async () => {
    // Two institutions whose contacts alternate in id order, with criteria of the same code.
    const first = await institution({ MUSIC: [true, ['JAZZ']] }, [], []);
    const second = await institution({ MUSIC: [true, ['JAZZ']] }, [], []);
    const inserted = await dataSource.query(
      'INSERT INTO contacts (institution_id, first_name, last_name) VALUES (?, ?, ?), (?, ?, ?), (?, ?, ?)',
      [first.id, 'One', 'A', second.id, 'Two', 'B', first.id, 'Three', 'C'],
    );
    const [{ step }] = await dataSource.query('SELECT @@auto_increment_increment AS step');
    const ids = [0, 1, 2].map((k) => Number(inserted.insertId) + k * Number(step));
    const [{ criterionId }] = await dataSource.query(
      'SELECT id AS criterionId FROM criteria WHERE institution_id = ?',
      [second.id],
    );
    const [{ valueId }] = await dataSource.query('SELECT id AS valueId FROM criterion_values WHERE criterion_id = ?', [
      criterionId,
    ]);
    await dataSource.query(
      'INSERT INTO contact_criterion_values (contact_id, criterion_id, value_id) VALUES (?, ?, ?)',
      [ids[1], criterionId, valueId],
    );
    const { rows } = await build(first, 'criteria');
    expect(rows.slice(1).map((row) => [row[0], row[5]])).toEqual([
      [String(ids[0]), ''],
      [String(ids[2]), ''],
    ]);
  });

  it('authorizations: TRUE, FALSE or empty per contact, in a workbook too', async () => {
    const inst = await institution(
      {},
      ['SMS', 'NEWSLETTER'],
      [
        { first: 'Ada', last: 'Lovelace', answers: { NEWSLETTER: true, SMS: false } },
        { first: 'Grace', last: 'Hopper' },
        { first: 'Alan', last: 'Turing', answers: { SMS: true } },
      ],
    );
    const [a, g, t] = inst.contactIds.map(String);
    const expected = [
      [
        'contact_id',
        'last_name',
        'first_name',
        'email',
        '[old] NEWSLETTER',
        '[new] NEWSLETTER',
        '[old] SMS',
        '[new] SMS',
      ],
      [a, 'Lovelace', 'Ada', '', 'TRUE', 'TRUE', 'FALSE', 'FALSE'],
      [g, 'Hopper', 'Grace', '', '', '', '', ''],
      [t, 'Turing', 'Alan', '', '', '', 'TRUE', 'TRUE'],
    ];
    expect((await build(inst, 'authorizations')).rows).toEqual(expected);
    expect((await build(inst, 'authorizations', everyone(inst), { format: 'xlsx' })).rows).toEqual(expected);
  });

  it('contacts: the contact columns, birth dates as yyyy-mm-dd, unknown ones empty', async () => {
    const inst = await institution(
      { MUSIC: [true, ['JAZZ']] },
      [],
      [
        {
          first: 'Ada',
          last: 'Lovelace',
          email: 'ada@example.org',
          birth: '1915-12-10',
          language: 'en',
          values: { MUSIC: ['JAZZ'] },
        },
        { first: 'Grace', last: 'Hopper' },
      ],
    );
    const [a, g] = inst.contactIds.map(String);
    const { rows } = await build(inst, 'contacts');
    expect(rows).toEqual([
      [
        'contact_id',
        '[old] first_name',
        '[new] first_name',
        '[old] last_name',
        '[new] last_name',
        '[old] email',
        '[new] email',
        '[old] birth_date',
        '[new] birth_date',
        '[old] language',
        '[new] language',
        '[old] phone',
        '[new] phone',
      ],
      [
        a,
        'Ada',
        'Ada',
        'Lovelace',
        'Lovelace',
        'ada@example.org',
        'ada@example.org',
        '1915-12-10',
        '1915-12-10',
        'en',
        'en',
        '',
        '',
      ],
      [g, 'Grace', 'Grace', 'Hopper', 'Hopper', '', '', '', '', '', '', '', ''],
    ]);
    const some = await build(inst, 'contacts', everyone(inst), { fields: ['language', 'email'], format: 'xlsx' });
    expect(some.rows).toEqual([
      ['contact_id', '[old] email', '[new] email', '[old] language', '[new] language'],
      [a, 'ada@example.org', 'ada@example.org', 'en', 'en'],
      [g, '', '', '', ''],
    ]);
  });
});
