/**
 * `npm run bench:contacts-import`: times an apply import of data type `contacts` that creates
 * BENCH_CONTACTS new contacts (default 50,000; rows without contact_id, each with a name, an e-mail,
 * a birth date, a language, a multi-valued criterion and an authorization), end to end from the POST
 * to the final status, against the database's own route on the same file: LOAD DATA LOCAL INFILE into
 * a staging table, INSERT INTO contacts … SELECT, then INSERT … SELECT … JOIN of the criterion values
 * (the multi-valued cell split by FIND_IN_SET) and of the authorizations, into the same institution.
 * Runs the built import app as a child process (`node dist/apps/import/src/main.js`) and reads its peak
 * RSS (VmHWM) against its own database, `cmu_bench_contacts_import`; the file is generated here, and
 * the institution it creates is emptied after each route. Checks that every contact the app created
 * holds its own row's values (a wrong id mapping would show here), and that the database route
 * created as many contacts, values and authorizations.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'mysql2/promise';
import { createConnection } from 'mysql2/promise';
import { hashApiKey, newApiKey } from '@app/common';
import { migrateDatabase } from '@app/database';
import { benchDatabaseUrl, benchStorage, log, seconds, startImportApp, timeImport } from './bench-utils';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 50_000);
const DATABASE = 'cmu_bench_contacts_import';
/** In code order, as GROUP_CONCAT(… ORDER BY code) reads them back. */
const MUSIC = ['FOLK', 'JAZZ', 'ROCK'];

async function main() {
  if (!Number.isInteger(CONTACTS) || CONTACTS < 1) throw new Error('BENCH_CONTACTS must be a positive integer');
  const url = benchDatabaseUrl(DATABASE);
  await migrateDatabase(url);
  const conn = await createConnection({
    uri: url,
    infileStreamFactory: (path: string) => createReadStream(path),
  } as any);
  const work = mkdtempSync(join(tmpdir(), 'cmu-bench-contacts-'));
  let institutionId = 0;
  try {
    const [mode] = (await conn.query('SELECT @@innodb_autoinc_lock_mode AS mode')) as any[];
    log(`innodb_autoinc_lock_mode = ${mode[0].mode}`);
    const apiKey = newApiKey();
    const [institution] = (await conn.query(`INSERT INTO institutions (code, name) VALUES (?, 'Bench contacts')`, [
      `BENCH_C_${randomBytes(4).toString('hex')}`,
    ])) as any[];
    institutionId = Number(institution.insertId);
    await conn.query(`INSERT INTO api_keys (institution_id, name, key_hash) VALUES (?, 'bench', ?)`, [
      institutionId,
      hashApiKey(apiKey),
    ]);
    const [criterion] = (await conn.query(
      `INSERT INTO criteria (institution_id, code, label, multi_valued) VALUES (?, 'MUSIC', 'Music', 1)`,
      [institutionId],
    )) as any[];
    await conn.query('INSERT INTO criterion_values (criterion_id, code, label) VALUES ?', [
      MUSIC.map((code) => [criterion.insertId, code, code]),
    ]);
    await conn.query(
      `INSERT INTO authorizations (institution_id, code, label) VALUES (?, 'NEWSLETTER', 'Newsletter')`,
      [institutionId],
    );

    const file = join(work, 'contacts.csv');
    writeFileSync(file, contactsCsv());
    log(`file: ${(statSync(file).size / 1048576).toFixed(1)} MiB, ${CONTACTS.toLocaleString('en')} rows to create`);

    const storage = await benchStorage(work);
    const app = await startImportApp(url, storage.env);
    let run: Awaited<ReturnType<typeof timeImport>>;
    try {
      run = await timeImport(app, apiKey, file, 'contacts', 'apply');
    } finally {
      app.child.kill('SIGTERM');
      await storage.close();
    }
    if (run.status !== 'completed') throw new Error(`The apply ended ${run.status}`);
    const [rows] = (await conn.query(
      `SELECT c.first_name, c.last_name, c.email, c.language, ch.line,
              (SELECT GROUP_CONCAT(v.code ORDER BY v.code SEPARATOR '|') FROM contact_criterion_values ccv JOIN criterion_values v ON v.id = ccv.value_id WHERE ccv.contact_id = c.id) AS music,
              (SELECT value FROM contact_authorizations a WHERE a.contact_id = c.id) AS newsletter
         FROM import_changes ch JOIN contacts c ON c.id = ch.contact_id WHERE ch.import_id = ? AND ch.field_code = '__created'`,
      [run.id],
    )) as any[];
    const wrong = rows.filter((row: any) => {
      const i = row.line - 2;
      const expected = rowValues(i);
      return (
        row.first_name !== expected.first ||
        row.email !== expected.email ||
        (row.music ?? '') !== expected.music ||
        Number(row.newsletter) !== expected.newsletter
      );
    });
    // The database route starts from the same empty institution.
    await emptyInstitution(conn, institutionId);
    const database = await timeDatabaseRoute(conn, file, institutionId);
    const expected = {
      contacts: CONTACTS,
      values: Array.from({ length: CONTACTS }, (_, i) => rowValues(i).music.split('|').filter(Boolean).length).reduce(
        (a, b) => a + b,
        0,
      ),
      authorizations: CONTACTS,
    };
    const databaseRight =
      database.contacts === expected.contacts &&
      database.values === expected.values &&
      database.authorizations === expected.authorizations;

    const ratio = run.ms / database.ms;
    console.log('');
    console.log(
      `contacts created:               ${rows.length.toLocaleString('en')} of ${CONTACTS.toLocaleString('en')}; rows not matching their line: ${wrong.length}`,
    );
    console.log(
      `apply (app, POST -> final):     ${seconds(run.ms)}  counts=${JSON.stringify(run.counts)}  peak RSS ${(run.peakRssKb / 1024).toFixed(0)} MB`,
    );
    console.log(
      `database route:                 ${seconds(database.ms)}  (LOAD DATA LOCAL INFILE ${seconds(database.loadMs)} + INSERT contacts SELECT ${seconds(database.contactsMs)} + INSERT values, authorizations SELECT JOIN ${seconds(database.joinMs)}; ` +
        `${database.contacts.toLocaleString('en')} contacts, ${database.values.toLocaleString('en')} values, ${database.authorizations.toLocaleString('en')} authorizations${databaseRight ? '' : `, expected ${JSON.stringify(expected)}`})`,
    );
    console.log(`ratio apply / database:         ${ratio.toFixed(2)}  (no target set)`);
    console.log(`import app peak RSS (VmHWM):    ${(run.peakRssKb / 1024).toFixed(0)} MB`);
    if (rows.length !== CONTACTS || wrong.length || !databaseRight) process.exitCode = 1;
  } finally {
    // Leaves the benchmark database small: the institution's contacts and imports go.
    if (institutionId) await emptyInstitution(conn, institutionId);
    await conn.end();
    rmSync(work, { recursive: true, force: true });
  }
}

/** Deletes the institution's contacts (with their values and authorizations) and its imports (with their logs). */
async function emptyInstitution(conn: Connection, institutionId: number): Promise<void> {
  await conn.query(
    'DELETE v FROM contact_criterion_values v JOIN contacts c ON c.id = v.contact_id WHERE c.institution_id = ?',
    [institutionId],
  );
  await conn.query(
    'DELETE a FROM contact_authorizations a JOIN contacts c ON c.id = a.contact_id WHERE c.institution_id = ?',
    [institutionId],
  );
  await conn.query('DELETE FROM contacts WHERE institution_id = ?', [institutionId]);
  await conn.query(
    'DELETE ch FROM import_changes ch JOIN imports i ON i.id = ch.import_id WHERE i.institution_id = ?',
    [institutionId],
  );
  await conn.query('DELETE s FROM import_issues s JOIN imports i ON i.id = s.import_id WHERE i.institution_id = ?', [
    institutionId,
  ]);
  await conn.query('DELETE FROM imports WHERE institution_id = ?', [institutionId]);
}

/**
 * The database alone, on the same file: LOAD DATA LOCAL INFILE into a staging table, one INSERT INTO
 * contacts … SELECT in line order, then INSERT … SELECT … JOIN of the criterion values (the multi-valued
 * cell split by FIND_IN_SET on its codes) and of the authorizations, resolved by code like the header.
 */
async function timeDatabaseRoute(conn: Connection, file: string, institutionId: number) {
  await conn.query('DROP TABLE IF EXISTS bench_staging');
  await conn.query(
    `CREATE TABLE bench_staging (line INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, first_name VARCHAR(100) NOT NULL, last_name VARCHAR(100) NOT NULL,
     email VARCHAR(254) NOT NULL, birth_date DATE NULL, language CHAR(2) NULL, music VARCHAR(255) NOT NULL, newsletter TINYINT NOT NULL)
     ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
  );
  const started = Date.now();
  await conn.query({
    sql: `LOAD DATA LOCAL INFILE ? INTO TABLE bench_staging CHARACTER SET utf8mb4 FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '"'
          LINES TERMINATED BY '\\r\\n' IGNORE 1 LINES (@contact_id, first_name, last_name, email, @birth_date, language, music, @newsletter)
          SET birth_date = STR_TO_DATE(@birth_date, '%d.%m.%Y'), newsletter = (@newsletter = 'TRUE')`,
    values: [file],
    infileStreamFactory: () => createReadStream(file),
  } as any);
  const loadMs = Date.now() - started;
  const [contacts] = (await conn.query(
    'INSERT INTO contacts (institution_id, first_name, last_name, email, birth_date, language) SELECT ?, first_name, last_name, email, birth_date, language FROM bench_staging ORDER BY line',
    [institutionId],
  )) as any[];
  // At innodb_autoinc_lock_mode 0 or 1 an INSERT … SELECT takes consecutive ids in the SELECT's order:
  // staging line n (from 1) is contact `offset + n` (checked below, after the clock).
  const offset = Number(contacts.insertId) - 1;
  const contactsMs = Date.now() - started - loadMs;
  const [values] = (await conn.query(
    `INSERT INTO contact_criterion_values (contact_id, criterion_id, value_id)
     SELECT s.line + ?, c.id, v.id FROM bench_staging s
       JOIN criteria c ON c.institution_id = ? AND c.code = 'MUSIC'
       JOIN criterion_values v ON v.criterion_id = c.id AND FIND_IN_SET(v.code, REPLACE(s.music, '|', ','))`,
    [offset, institutionId],
  )) as any[];
  const [authorizations] = (await conn.query(
    `INSERT INTO contact_authorizations (contact_id, authorization_id, value)
     SELECT s.line + ?, a.id, s.newsletter FROM bench_staging s JOIN authorizations a ON a.institution_id = ? AND a.code = 'NEWSLETTER'`,
    [offset, institutionId],
  )) as any[];
  const ms = Date.now() - started;
  const [mapped] = (await conn.query(
    'SELECT COUNT(*) AS n FROM bench_staging s JOIN contacts c ON c.id = s.line + ? AND c.institution_id = ? AND c.email = s.email',
    [offset, institutionId],
  )) as any[];
  if (Number(mapped[0].n) !== Number(contacts.affectedRows))
    throw new Error("The database route's contact ids are not consecutive in line order (innodb_autoinc_lock_mode 2?)");
  await conn.query('DROP TABLE bench_staging');
  return {
    ms,
    loadMs,
    contactsMs,
    joinMs: ms - loadMs - contactsMs,
    contacts: Number(contacts.affectedRows),
    values: Number(values.affectedRows),
    authorizations: Number(authorizations.affectedRows),
  };
}

/** Row i's values: distinct names and e-mails, criteria and authorization varying with i. */
function rowValues(i: number) {
  const music = MUSIC.filter((_, k) => (i >> k) & 1);
  const first = `F${[...i.toString(26)].map((d) => String.fromCharCode(97 + parseInt(d, 26))).join('')}`;
  return { first, email: `c${i}@bench.example`, music: music.join('|'), newsletter: i % 3 ? 1 : 0 };
}

function contactsCsv(): string {
  const lines = ['contact_id,first_name,last_name,email,birth_date,language,MUSIC,NEWSLETTER'];
  for (let i = 0; i < CONTACTS; i++) {
    const row = rowValues(i);
    lines.push(
      [
        '',
        row.first,
        'Bench',
        row.email,
        '24.12.1990',
        i % 2 ? 'fr' : 'de',
        row.music,
        row.newsletter ? 'TRUE' : 'FALSE',
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error) => {
    console.error(`[bench] failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
