import * as fc from 'fast-check';
import { CONTACT_FIELDS, DATA_TYPES } from '@app/csv-schema';
import type { FieldValuesRepository, ValueTableName } from '@app/database';
import type { CodeMaps } from '@app/targeting';
import { authorizationKind } from './authorization.kind';
import { criterionKind } from './criterion.kind';
import { DATA_TYPE_SPECS, FIELD_KINDS, loadCurrent, loadFieldSets, templateCodes, templateFieldSet } from './registry';

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

/** A values repository that answers loadPacked from memory and remembers what it was asked. */
function fakeValues(existing: number[], packed: Record<number, string>) {
  const calls: { table: ValueTableName; institutionId: number; fieldIds: number[]; contactIds: number[] }[] = [];
  const repository = {
    loadPacked(table: ValueTableName, institutionId: number, fieldIds: number[], contactIds: number[]) {
      calls.push({ table, institutionId, fieldIds, contactIds });
      return Promise.resolve({
        existing: existing.filter((id) => contactIds.includes(id)),
        packed: Object.entries(packed).map(([contactId, values]) => ({ contactId: Number(contactId), values })),
      });
    },
  } as unknown as FieldValuesRepository;
  return { repository, calls };
}

describe('field-kind registry', () => {
  it.each(DATA_TYPES)('describes the data type %s: a template source, kinds, hints', (dataType) => {
    const spec = DATA_TYPE_SPECS[dataType];
    expect(['values', 'contacts']).toContain(spec.template.from);
    expect(spec.kinds.length).toBeGreaterThan(0);
    for (const kind of spec.kinds) expect(FIELD_KINDS[kind.name]).toBe(kind);
    if (spec.template.from === 'values') {
      expect(spec.kinds).toContain(spec.template.kind);
      expect(spec.editHint.en).not.toBe('');
      expect(spec.editHint.fr).not.toBe('');
    }
    expect(spec.codesHint).not.toBe('');
  });

  it('knows no data type beyond DATA_TYPES', () => {
    expect(Object.keys(DATA_TYPE_SPECS).sort()).toEqual([...DATA_TYPES].sort());
  });

  it('maps criteria and authorizations to their kinds, contacts to the contact columns with both kinds beside', () => {
    expect(DATA_TYPE_SPECS.criteria.template).toEqual({ from: 'values', kind: criterionKind });
    expect(DATA_TYPE_SPECS.authorizations.template).toEqual({ from: 'values', kind: authorizationKind });
    expect(DATA_TYPE_SPECS.contacts.template).toEqual({ from: 'contacts', columns: CONTACT_FIELDS });
    expect(DATA_TYPE_SPECS.contacts.kinds).toEqual([criterionKind, authorizationKind]);
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
  });

  it('lists the template codes of each data type in template order', () => {
    expect(templateCodes('criteria', CODES)).toEqual(['LANG', 'SPORT']);
    expect(templateCodes('authorizations', CODES)).toEqual(['MAIL', 'SMS']);
    expect(templateCodes('contacts', CODES)).toEqual(CONTACT_FIELDS);
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
    for (const dataType of ['criteria', 'authorizations'] as const) {
      const { template } = DATA_TYPE_SPECS[dataType];
      if (template.from !== 'values') throw new Error('expected a template of values');
      expect(templateFieldSet(sets, template).kind).toBe(template.kind);
    }
  });

  describe('loadCurrent', () => {
    const sets = loadFieldSets(CODES);

    it('reads the kind own table, gives existing contacts their decoded values, and leaves others out', async () => {
      const { repository, calls } = fakeValues([30, 31, 32], { 30: '20,21,10', 31: '10', 99: '20' });
      const current = await loadCurrent(repository, sets.criterion, 7, [1, 2], [30, 31, 32, 33]);
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
      const { repository, calls } = fakeValues([30], { 30: `${5 * 2 + 1},${4 * 2}` });
      const current = await loadCurrent(repository, sets.authorization, 7, [4, 5], [30]);
      expect(calls[0].table).toBe('contact_authorizations');
      expect(current.get(30)).toEqual(
        new Map([
          [5, 'TRUE'],
          [4, 'FALSE'],
        ]),
      );
    });
  });
});
