import * as fc from 'fast-check';
import { BOOLEAN_SPELLINGS } from '@app/boolean-rules';
import { authorizationKind } from './authorization.kind';
import type { AuthorizationField, FieldReaders, FieldWrite } from './field-kind';

const set = authorizationKind.load({
  criteria: new Map(),
  authorizations: new Map([
    ['NEWSLETTER', 7],
    ['PHOTO', 3],
    ['Consent', 12],
  ]),
});
const NEWSLETTER = set.byCode.get('NEWSLETTER')!;

/** The current answers loadCurrent reads for contact 1 from these packed values (the values repository faked). */
async function current(packed: string): Promise<Map<number, string> | undefined> {
  const values = {
    loadPacked: (table: string) => {
      expect(table).toBe('contact_authorizations');
      return Promise.resolve({ existing: [1], packed: [{ contactId: 1, values: packed }] });
    },
  };
  const readers = { values, contacts: {} } as unknown as FieldReaders;
  return (await set.loadCurrent(readers, 7, [3, 7, 12], [1])).get(1);
}

/** Every cell the boolean rules accept, with surrounding blanks, and a few they refuse. */
const accepted = fc
  .tuple(
    fc.constantFrom(...BOOLEAN_SPELLINGS.true, ...BOOLEAN_SPELLINGS.false, ''),
    fc.constantFrom('', ' ', '\t'),
    fc.constantFrom('', ' '),
  )
  .map(([spelling, before, after]) => `${before}${spelling}${after}`);
const anyCell = fc.oneof(accepted, fc.constantFrom('yes', '1', 'True', 'VRAI', ' x '));

describe('authorization kind', () => {
  it('loads the fields in byte order of their codes', () => {
    expect(set.fields.map((field) => [field.code, field.id])).toEqual([
      ['Consent', 12],
      ['NEWSLETTER', 7],
      ['PHOTO', 3],
    ]);
    expect(authorizationKind).toMatchObject({ name: 'authorization', booleanCells: true });
  });

  it.each([
    ['TRUE', 'TRUE', true],
    [' t ', 'TRUE', true],
    ['false', 'FALSE', false],
    ['F', 'FALSE', false],
    ['', '', null],
    ['  ', '', null],
  ])('reads %j as %j', (cell, value, bool) => {
    expect(set.readNew(NEWSLETTER, cell)).toEqual({ ok: true, cell: { value, bool } });
  });

  it.each(['yes', '1', 'True', 'VRAI'])('refuses %j with INVALID_BOOLEAN', (cell) => {
    expect(set.readNew(NEWSLETTER, cell)).toMatchObject({ ok: false, code: 'INVALID_BOOLEAN' });
  });

  it('reads back its own value unchanged, and readOld agrees with readNew where readNew accepts', () => {
    fc.assert(
      fc.property(anyCell, (cell) => {
        const read = set.readNew(NEWSLETTER, cell);
        if (!read.ok) {
          expect(set.readOld(NEWSLETTER, cell)).toBe(cell.trim());
          return;
        }
        expect(set.readNew(NEWSLETTER, read.cell.value)).toEqual(read);
        expect(set.readOld(NEWSLETTER, cell)).toBe(read.cell.value);
      }),
    );
  });

  it('restores a logged value as the write that reading it would give', () => {
    fc.assert(
      fc.property(accepted, (cell) => {
        const read = set.readNew(NEWSLETTER, cell);
        if (read.ok) expect(set.restore(NEWSLETTER, read.cell.value)).toEqual(read.cell);
      }),
    );
  });

  it('loads answers packed as id * 2 + answer', async () => {
    expect(await current(`${7 * 2 + 1},${3 * 2},${12 * 2 + 1}`)).toEqual(
      new Map([
        [7, 'TRUE'],
        [3, 'FALSE'],
        [12, 'TRUE'],
      ]),
    );
  });

  it('loads and prints every stored answer the same way', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), fc.boolean(), async (id, answer) => {
        const values = await current(String(id * 2 + (answer ? 1 : 0)));
        expect(values?.get(id)).toBe(set.formatter()([answer ? 1 : 0], 1));
      }),
    );
  });

  it.each([
    [[], 0, ''],
    [[1], 1, 'TRUE'],
    [[0], 1, 'FALSE'],
    [[1], 0, ''],
  ])('prints stored answers %j (count %j) as %j', (answers, count, cell) => {
    expect(set.formatter()(answers, count)).toBe(cell);
  });

  it('upserts answers and deletes the ones that become empty', () => {
    const write = (contactId: number, cell: string): FieldWrite<AuthorizationField> => {
      const read = set.readNew(NEWSLETTER, cell);
      if (!read.ok) throw new Error(read.message);
      return { contactId, field: NEWSLETTER, oldValue: '', newValue: read.cell.value, cell: read.cell, line: 2 };
    };
    expect(set.writeStatements([write(1, 'TRUE'), write(2, ''), write(3, 'f'), write(4, '')], 7)).toEqual([
      {
        sql: 'DELETE FROM contact_authorizations WHERE authorization_id = ? AND contact_id IN (?)',
        params: [7, [2, 4]],
      },
      {
        sql: 'INSERT INTO contact_authorizations (contact_id, authorization_id, value) VALUES ? ON DUPLICATE KEY UPDATE value = VALUES(value)',
        params: [
          [
            [1, 7, 1],
            [3, 7, 0],
          ],
        ],
      },
    ]);
  });
});
