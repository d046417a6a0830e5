import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ContactLanguage, DomainError, NotFoundError } from '@app/common';
import { CodeMaps, loadCodeMaps } from '@app/targeting';
import { CreateContactDto } from './dto/create-contact.dto';
import { ContactResponse } from './dto/contact.response';

export const MAX_BULK_CONTACTS = 10000;
/** Rows per multi-row INSERT: big enough to be fast, small enough for any max_allowed_packet. */
const ROWS_PER_INSERT = 2000;

interface ResolvedContact {
  firstName: string;
  lastName: string;
  email: string;
  birthDate: string | null;
  language: ContactLanguage | null;
  values: [criterionId: number, valueId: number][];
  authorizations: [authorizationId: number, value: boolean][];
}

@Injectable()
export class ContactsService {
  constructor(private readonly dataSource: DataSource) {}

  async create(institutionId: number, input: CreateContactDto): Promise<ContactResponse> {
    const [id] = await this.insert(institutionId, [input], () => '');
    return this.get(institutionId, id);
  }

  /** Creates up to 10,000 contacts in one transaction with a handful of multi-row INSERTs. */
  async createMany(institutionId: number, inputs: CreateContactDto[]): Promise<number[]> {
    if (inputs.length < 1 || inputs.length > MAX_BULK_CONTACTS) {
      throw new DomainError(
        'INVALID_BULK_SIZE',
        `Send between 1 and ${MAX_BULK_CONTACTS} contacts per request (got ${inputs.length}); split larger lists`,
      );
    }
    return this.insert(institutionId, inputs, (index) => `[${index}].`);
  }

  async get(institutionId: number, id: number): Promise<ContactResponse> {
    type Row = {
      id: number;
      firstName: string;
      lastName: string;
      email: string;
      birthDate: string | null;
      language: ContactLanguage | null;
    };
    // DATE_FORMAT: the stored day as is, not a Date shifted by the connection's time zone.
    const [contact]: Row[] = await this.dataSource.query(
      `SELECT id, first_name AS firstName, last_name AS lastName, email, DATE_FORMAT(birth_date, '%Y-%m-%d') AS birthDate, language
         FROM contacts WHERE id = ? AND institution_id = ?`,
      [id, institutionId],
    );
    if (!contact) throw new NotFoundError('Contact', id);
    const valueRows: { criterion: string; value: string | null }[] = await this.dataSource.query(
      `SELECT cr.code AS criterion, v.code AS value
         FROM criteria cr
         LEFT JOIN contact_criterion_values ccv ON ccv.criterion_id = cr.id AND ccv.contact_id = ?
         LEFT JOIN criterion_values v ON v.id = ccv.value_id
        WHERE cr.institution_id = ?
        ORDER BY cr.code`,
      [id, institutionId],
    );
    const authorizationRows: { authorization: string; value: number | null }[] = await this.dataSource.query(
      `SELECT a.code AS authorization, ca.value AS value
         FROM authorizations a
         LEFT JOIN contact_authorizations ca ON ca.authorization_id = a.id AND ca.contact_id = ?
        WHERE a.institution_id = ?
        ORDER BY a.code`,
      [id, institutionId],
    );
    const criteria: Record<string, string[]> = {};
    for (const row of valueRows) {
      criteria[row.criterion] ??= [];
      if (row.value !== null) criteria[row.criterion].push(row.value);
    }
    for (const codes of Object.values(criteria)) codes.sort(compareCodes);
    const authorizations: Record<string, boolean | null> = {};
    for (const row of authorizationRows)
      authorizations[row.authorization] = row.value === null ? null : Boolean(Number(row.value));
    return {
      id: Number(contact.id),
      firstName: contact.firstName,
      lastName: contact.lastName,
      email: contact.email,
      birthDate: contact.birthDate,
      language: contact.language,
      criteria,
      authorizations,
    };
  }

  private async insert(
    institutionId: number,
    inputs: CreateContactDto[],
    prefix: (index: number) => string,
  ): Promise<number[]> {
    const maps = await loadCodeMaps(this.dataSource, institutionId);
    const contacts = inputs.map((input, index) => resolveContact(maps, input, prefix(index), index));
    return this.dataSource.transaction(async (manager) => {
      const ids = await insertContacts(manager, institutionId, contacts);
      const valueRows = contacts.flatMap((contact, i) =>
        contact.values.map(([criterionId, valueId]) => [ids[i], criterionId, valueId]),
      );
      const authorizationRows = contacts.flatMap((contact, i) =>
        contact.authorizations.map(([authorizationId, value]) => [ids[i], authorizationId, value ? 1 : 0]),
      );
      await insertRows(manager, 'contact_criterion_values (contact_id, criterion_id, value_id)', valueRows);
      await insertRows(manager, 'contact_authorizations (contact_id, authorization_id, value)', authorizationRows);
      return ids;
    });
  }
}

async function insertContacts(
  manager: EntityManager,
  institutionId: number,
  contacts: ResolvedContact[],
): Promise<number[]> {
  // A multi-row INSERT gets consecutive auto-increment ids (a "simple insert" in InnoDB terms),
  // spaced by auto_increment_increment, starting at insertId.
  const [{ step }]: { step: number }[] = await manager.query('SELECT @@auto_increment_increment AS step');
  const ids: number[] = [];
  for (let start = 0; start < contacts.length; start += ROWS_PER_INSERT) {
    const chunk = contacts.slice(start, start + ROWS_PER_INSERT);
    const params = chunk.flatMap((contact) => [
      institutionId,
      contact.firstName,
      contact.lastName,
      contact.email,
      contact.birthDate,
      contact.language,
    ]);
    const result: { insertId: number; affectedRows: number } = await manager.query(
      `INSERT INTO contacts (institution_id, first_name, last_name, email, birth_date, language) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
      params,
    );
    if (Number(result.affectedRows) !== chunk.length)
      throw new Error(`Inserted ${result.affectedRows} contacts instead of ${chunk.length}`);
    const first = Number(result.insertId);
    for (let i = 0; i < chunk.length; i++) ids.push(first + i * Number(step));
  }
  return ids;
}

async function insertRows(manager: EntityManager, into: string, rows: (number | string)[][]): Promise<void> {
  if (!rows.length) return;
  const placeholder = `(${rows[0].map(() => '?').join(', ')})`;
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT * 2) {
    const chunk = rows.slice(start, start + ROWS_PER_INSERT * 2);
    await manager.query(`INSERT INTO ${into} VALUES ${chunk.map(() => placeholder).join(', ')}`, chunk.flat());
  }
}

/** Turns the codes of one contact into ids, or throws a 400 naming the contact's index and the code. */
function resolveContact(maps: CodeMaps, input: CreateContactDto, prefix: string, index: number): ResolvedContact {
  const fail = (code: string, path: string, message: string) =>
    new DomainError(code, `${prefix}${path}: ${message}`, HttpStatus.BAD_REQUEST, { index, path: `${prefix}${path}` });
  const values: ResolvedContact['values'] = [];
  for (const [criterionCode, codes] of Object.entries(input.criteria ?? {})) {
    const path = `criteria.${criterionCode}`;
    const criterion = maps.criteria.get(criterionCode);
    if (!criterion) throw fail('UNKNOWN_CRITERION', path, `unknown criterion code ${criterionCode}; see GET /criteria`);
    if (!Array.isArray(codes) || codes.some((code) => typeof code !== 'string')) {
      throw fail('INVALID_CRITERION_VALUES', path, 'must be an array of value codes, e.g. ["JAZZ"] ([] for none)');
    }
    const unique = [...new Set(codes)];
    if (!criterion.multiValued && unique.length > 1) {
      throw fail('TOO_MANY_VALUES', path, `criterion ${criterionCode} is single-valued; send at most one value code`);
    }
    for (const code of unique) {
      const valueId = criterion.values.get(code);
      if (valueId === undefined) {
        throw fail(
          'UNKNOWN_VALUE_CODE',
          path,
          `${code} is not a value of criterion ${criterionCode}; see GET /criteria/${criterionCode}/values`,
        );
      }
      values.push([criterion.id, valueId]);
    }
  }
  const authorizations: ResolvedContact['authorizations'] = [];
  for (const [authorizationCode, value] of Object.entries(input.authorizations ?? {})) {
    const path = `authorizations.${authorizationCode}`;
    const authorizationId = maps.authorizations.get(authorizationCode);
    if (authorizationId === undefined)
      throw fail(
        'UNKNOWN_AUTHORIZATION',
        path,
        `unknown authorization code ${authorizationCode}; see GET /authorizations`,
      );
    if (value !== true && value !== false && value !== null)
      throw fail('INVALID_AUTHORIZATION_VALUE', path, 'must be true, false or null');
    if (value !== null) authorizations.push([authorizationId, value]);
  }
  return {
    firstName: input.firstName,
    lastName: input.lastName,
    email: input.email,
    birthDate: input.birthDate ?? null,
    language: input.language ?? null,
    values,
    authorizations,
  };
}

function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
