import * as fc from 'fast-check';
import { CONTACT_COLUMN_CODES } from '@app/common';
import { DATA_TYPES } from '@app/csv-schema';
import type { ContactsRepository, FieldValuesRepository, ValueTableName } from '@app/database';
import type { CodeMaps } from '@app/targeting';
import { authorizationKind } from './authorization.kind';
import { contactKind } from './contact.kind';
import { criterionKind } from './criterion.kind';
import type { FieldReaders } from './field-kind';
import { DATA_TYPE_SPECS, FIELD_KINDS, loadFieldSets, templateCodes, templateFieldSet } from './registry';

const CODES: CodeMaps = {
  criteria: new Map([
    [
      'SPORT',
      {
        id: 2,
        multiValued: true,
        values: new Map([
          ['RUN', 20],
          ['SWIM', 21],
        ]),
      },
    ],
    ['LANG', { id: 1, multiValued: false, values: new Map([['FR', 10]]) }],
  ]),
  authorizations: new Map([
    ['SMS', 5],
    ['MAIL', 4],
  ]),
};

/** Readers answering from memory: packed values per contact, contact columns per contact; the calls are kept. */
function fakeReaders(existing: number[], packed: Record<number, string>) {
  const calls: { table: ValueTableName; institutionId: number; fieldIds: number[]; contactIds: number[] }[] = [];
  const values = {
    loadPacked(table: ValueTableName, institutionId: number, fieldIds: number[], contactIds: number[]) {
      calls.push({ table, institutionId, fieldIds, contactIds });
      return Promise.resolve({
        existing: existing.filter((id) => contactIds.includes(id)),
        packed: Object.entries(packed).map(([contactId, values]) => ({ contactId: Number(contactId), values })),
      });
    },
  } as unknown as FieldValuesRepository;
  const contacts = {
    findColumns: (_institutionId: number, ids: number[]) =>
      Promise.resolve(
        new Map(
          existing
            .filter((id) => ids.includes(id))
            .map((id) => [
              id,
              { first_name: `F${id}`, last_name: `L${id}`, email: '', birth_date: '1990-01-02', language: 'fr' },
            ]),
        ),
      ),
  } as unknown as ContactsRepository;
  const readers: FieldReaders = { values, contacts };
  return { readers, calls };
}

describe('field-kind registry', () => {
  it.each(DATA_TYPES)('describes the data type %s: a template kind first among its kinds, hints', (dataType) => {
    const spec = DATA_TYPE_SPECS[dataType];
    expect(spec.kinds[0]).toBe(spec.template);
    for (const kind of spec.kinds) expect(FIELD_KINDS[kind.name]).toBe(kind);
    if (spec.template.values) {
      expect(spec.editHint.en).not.toBe('');
      expect(spec.editHint.fr).not.toBe('');
    }
    expect(spec.codesHint).not.toBe('');
  });

  it('knows no data type beyond DATA_TYPES', () => {
    expect(Object.keys(DATA_TYPE_SPECS).sort()).toEqual([...DATA_TYPES].sort());
  });

  it('maps criteria and authorizations to their kinds, contacts to the contact columns with both kinds beside', () => {
    expect(DATA_TYPE_SPECS.criteria.template).toBe(criterionKind);
    expect(DATA_TYPE_SPECS.authorizations.template).toBe(authorizationKind);
    expect(DATA_TYPE_SPECS.contacts.template).toBe(contactKind);
    expect(DATA_TYPE_SPECS.contacts.kinds).toEqual([contactKind, criterionKind, authorizationKind]);
    expect(DATA_TYPE_SPECS.contacts.infoColumns).toEqual([]);
  });

  it('keeps each kind where its values are stored', () => {
    expect(FIELD_KINDS.criterion.values).toEqual({
      table: 'contact_criterion_values',
      fieldColumn: 'criterion_id',
      valueColumn: 'value_id',
    });
    expect(FIELD_KINDS.authorization.values).toEqual({
      table: 'contact_authorizations',
      fieldColumn: 'authorization_id',
      valueColumn: 'value',
    });
    expect(FIELD_KINDS.contact.values).toBeNull();
  });

  it('lists the template codes of each data type in template order', () => {
    expect(templateCodes('criteria', CODES)).toEqual(['LANG', 'SPORT']);
    expect(templateCodes('authorizations', CODES)).toEqual(['MAIL', 'SMS']);
    expect(templateCodes('contacts', CODES)).toEqual([...CONTACT_COLUMN_CODES]);
  });

  it('orders template codes byte by byte, whatever codes the institution has', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 12 }), (codes) => {
        const maps: CodeMaps = {
          criteria: new Map(codes.map((code, i) => [code, { id: i + 1, multiValued: false, values: new Map() }])),
          authorizations: new Map(codes.map((code, i) => [code, i + 1])),
        };
        const sorted = [...codes].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        expect(templateCodes('criteria', maps)).toEqual(sorted);
        expect(templateCodes('authorizations', maps)).toEqual(sorted);
      }),
    );
  });

  it('loads every kind at once and gives a template its kind of fields', () => {
    const sets = loadFieldSets(CODES);
    expect(sets.criterion.kind).toBe(criterionKind);
    expect(sets.authorization.kind).toBe(authorizationKind);
    expect(sets.contact.kind).toBe(contactKind);
    for (const dataType of DATA_TYPES)
      expect(templateFieldSet(sets, dataType).kind).toBe(DATA_TYPE_SPECS[dataType].template);
  });

  describe('loadCurrent', () => {
    const sets = loadFieldSets(CODES);

    it('reads the kind own table, gives existing contacts their decoded values, and leaves others out', async () => {
      const { readers, calls } = fakeReaders([30, 31, 32], { 30: '20,21,10', 31: '10', 99: '20' });
      const current = await sets.criterion.loadCurrent(readers, 7, [1, 2], [30, 31, 32, 33]);
      expect(calls).toEqual([
        { table: 'contact_criterion_values', institutionId: 7, fieldIds: [1, 2], contactIds: [30, 31, 32, 33] },
      ]);
      expect(current).toEqual(
        new Map([
          [
            30,
            new Map([
              [2, 'RUN|SWIM'],
              [1, 'FR'],
            ]),
          ],
          [31, new Map([[1, 'FR']])],
          [32, new Map()],
        ]),
      );
    });

    it('decodes authorizations from their own table', async () => {
      const { readers, calls } = fakeReaders([30], { 30: `${5 * 2 + 1},${4 * 2}` });
      const current = await sets.authorization.loadCurrent(readers, 7, [4, 5], [30]);
      expect(calls[0].table).toBe('contact_authorizations');
      expect(current.get(30)).toEqual(
        new Map([
          [5, 'TRUE'],
          [4, 'FALSE'],
        ]),
      );
    });

    it('reads the contact columns asked for, keyed by their field ids', async () => {
      const { readers, calls } = fakeReaders([30], {});
      const [first, , , birth] = sets.contact.fields;
      const current = await sets.contact.loadCurrent(readers, 7, [first.id, birth.id], [30, 31]);
      expect(calls).toEqual([]);
      expect(current).toEqual(
        new Map([
          [
            30,
            new Map([
              [first.id, 'F30'],
              [birth.id, '1990-01-02'],
            ]),
          ],
        ]),
      );
    });
  });
});
