import { Injectable } from '@nestjs/common';
import type { ContactApiValues, ContactValues, DomainErrorCode } from '@app/common';
import { CONTACT_COLUMNS, DomainError, NotFoundError, pageOf } from '@app/common';
import type { CodeMaps, NewContact } from '@app/database';
import { CodesRepository, ContactsRepository } from '@app/database';
import { CreateContactDto } from './dto/create-contact.dto';
import type { ContactPageResponse } from './dto/contact.response';
import { ContactResponse } from './dto/contact.response';
import type { SearchContactsQuery } from './dto/search-contacts.query';

export const MAX_BULK_CONTACTS = 10000;

@Injectable()
export class ContactsService {
  constructor(
    private readonly contacts: ContactsRepository,
    private readonly codes: CodesRepository,
  ) {}

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

  async search(institutionId: number, query: SearchContactsQuery): Promise<ContactPageResponse> {
    const { page, pageSize, offset } = pageOf(query);
    const { total, items } = await this.contacts.search(
      institutionId,
      { email: query.email, q: query.q },
      { offset, limit: pageSize },
    );
    return { items, total, page, pageSize };
  }

  async get(institutionId: number, id: number): Promise<ContactResponse> {
    const values = (await this.contacts.findColumns(institutionId, [id])).get(id);
    if (!values) throw new NotFoundError('Contact', id);
    const [criteria, authorizations] = await Promise.all([
      this.contacts.criterionCodes(institutionId, id),
      this.contacts.authorizationValues(institutionId, id),
    ]);
    return { id, ...toApiValues(values), criteria, authorizations };
  }

  private async insert(
    institutionId: number,
    inputs: CreateContactDto[],
    prefix: (index: number) => string,
  ): Promise<number[]> {
    const maps = await this.codes.codeMaps(institutionId);
    const contacts = inputs.map((input, index) => resolveContact(maps, input, prefix(index), index));
    return this.contacts.createMany(institutionId, contacts);
  }
}

/** A validated body's contact columns in the stored text form ('' for empty), by the table's rules. */
export function toContactValues(input: CreateContactDto): ContactValues {
  const body = input as unknown as Record<string, unknown>;
  const values = {} as ContactValues;
  for (const column of CONTACT_COLUMNS) {
    const raw = body[column.apiName];
    const read = column.read(typeof raw === 'string' ? raw : '');
    // The DTO refused what the rules refuse; reaching here with a refused value is a bug, not a 400.
    if (!read.ok) throw new Error(`${column.apiName} passed validation but its rule refuses it: ${read.message}`);
    values[column.code] = read.value;
  }
  return values;
}

/** Stored-form columns as the API answers them: null for an empty nullable column. */
export function toApiValues(values: ContactValues): ContactApiValues {
  return Object.fromEntries(
    CONTACT_COLUMNS.map((column) => [column.apiName, column.toApi(values[column.code])]),
  ) as ContactApiValues;
}

/** Turns the codes of one contact into ids, or throws a 400 naming the contact's index and the code. */
export function resolveContact(maps: CodeMaps, input: CreateContactDto, prefix: string, index: number): NewContact {
  const fail = (code: DomainErrorCode, path: string, message: string) =>
    new DomainError(code, `${prefix}${path}: ${message}`, { index, path: `${prefix}${path}` });
  const criterionValues: NewContact['criterionValues'] = [];
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
      criterionValues.push([criterion.id, valueId]);
    }
  }
  const authorizations: NewContact['authorizations'] = [];
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
  return { values: toContactValues(input), criterionValues, authorizations };
}
