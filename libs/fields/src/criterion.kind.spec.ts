import * as fc from 'fast-check';
import type { CodeMaps } from '@app/targeting';
import { criterionKind } from './criterion.kind';
import type { CriterionField, FieldReaders, FieldSet } from './field-kind';

/** A criterion of the code maps: value ids are `id * 100 + position`, so tests can name them. */
const criterion = (id: number, multiValued: boolean, values: string[]) => ({
  id,
  multiValued,
  values: new Map(values.map((value, i) => [value, id * 100 + i])),
});

const codeMaps = (criteria: [string, ReturnType<typeof criterion>][]): CodeMaps => ({
  criteria: new Map(criteria),
  authorizations: new Map(),
});

const MUSIC_CODES = ['JAZZ', 'ROCK', 'POP'];
const LEVEL_CODES = ['007', '03.04', '7.0', 'GOLD'];
const set: FieldSet<CriterionField> = criterionKind.load(
  codeMaps([
    ['MUSIC', criterion(1, true, MUSIC_CODES)],
    ['LEVEL', criterion(2, false, LEVEL_CODES)],
  ]),
);
const MUSIC = set.byCode.get('MUSIC')!;
const LEVEL = set.byCode.get('LEVEL')!;

/** The current values loadCurrent reads for contact 1 holding these packed value ids (the values repository faked). */
async function current(packed: string): Promise<Map<number, string> | undefined> {
  const values = {
    loadPacked: (table: string) => {
      expect(table).toBe('contact_criterion_values');
      return Promise.resolve({ existing: [1], packed: packed ? [{ contactId: 1, values: packed }] : [] });
    },
  };
  const readers = { values, contacts: {} } as unknown as FieldReaders;
  return (await set.loadCurrent(readers, 7, [1, 2], [1])).get(1);
}

/** Any cell of MUSIC a person could type: known codes in any order and spacing, maybe joined by |. */
const musicCell = fc
  .uniqueArray(fc.constantFrom(...MUSIC_CODES), { maxLength: 3 })
  .chain((codes) =>
    fc
      .array(fc.constantFrom('', ' ', '  '), { minLength: codes.length * 2, maxLength: codes.length * 2 })
      .map((pads) => codes.map((code, i) => `${pads[2 * i]}${code}${pads[2 * i + 1]}`).join('|')),
  );
/** Any cell of LEVEL: a code, a number a spreadsheet made of one, or something unknown. */
const levelCell = fc.constantFrom('', '007', '03.04', '7.0', 'GOLD', '3.04', '7', '7.00', 'gold', 'SILVER', '007|GOLD');

describe('criterion kind', () => {
  it('loads the fields in byte order of their codes, whatever the order of the code maps', () => {
    const loaded = criterionKind.load(
      codeMaps([
        ['b', criterion(1, false, [])],
        ['B', criterion(2, false, [])],
        ['A_1', criterion(3, false, [])],
        ['A1', criterion(4, false, [])],
        ['a', criterion(5, false, [])],
      ]),
    );
    expect(loaded.fields.map((field) => field.code)).toEqual(['A1', 'A_1', 'B', 'a', 'b']);
    expect(loaded.byCode.get('a')).toMatchObject({ kind: 'criterion', id: 5, multiValued: false });
    expect(loaded.kind).toBe(criterionKind);
  });

  describe('readNew', () => {
    it.each([
      ['', ''],
      ['JAZZ', 'JAZZ'],
      ['ROCK|JAZZ', 'JAZZ|ROCK'],
      [' POP | JAZZ ', 'JAZZ|POP'],
    ])('reads the MUSIC cell %j as %j', (cell, value) => {
      expect(set.readNew(MUSIC, cell)).toMatchObject({ ok: true, cell: { value }, warnings: [] });
    });

    it('gives the value ids to write in the order of the value', () => {
      expect(set.readNew(MUSIC, 'ROCK|JAZZ')).toMatchObject({ ok: true, cell: { valueIds: [100, 101] } });
      expect(set.readNew(MUSIC, '')).toMatchObject({ ok: true, cell: { value: '', valueIds: [] } });
    });

    it('reads a spreadsheet-mangled number as the one code it equals, and refuses when two codes match', () => {
      expect(set.readNew(LEVEL, '3.04')).toMatchObject({
        ok: true,
        cell: { value: '03.04', valueIds: [201] },
        warnings: [{ code: 'NUMERIC_CODE_COERCED' }],
      });
      const ambiguous = set.readNew(LEVEL, '7');
      expect(ambiguous).toMatchObject({ ok: false, code: 'UNKNOWN_VALUE_CODE' });
      expect(ambiguous.ok || ambiguous.message).toContain('007, 7.0');
    });

    it.each([
      ['JAZ', 'UNKNOWN_VALUE_CODE', 'Did you mean "JAZZ"'],
      ['jazz', 'UNKNOWN_VALUE_CODE', 'Did you mean "JAZZ"'],
      ['CLASSICAL', 'UNKNOWN_VALUE_CODE', 'GET /criteria/MUSIC/values'],
      ['JAZZ||POP', 'EMPTY_VALUE_PART', '(criterion MUSIC)'],
      ['POP|POP', 'DUPLICATE_VALUE', '(criterion MUSIC)'],
    ])('refuses the MUSIC cell %j with %s', (cell, code, hint) => {
      const read = set.readNew(MUSIC, cell);
      expect(read).toMatchObject({ ok: false, code });
      if (!read.ok) expect(read.message).toContain(hint);
    });

    it('refuses two codes for a single-valued criterion', () => {
      expect(set.readNew(LEVEL, '007|GOLD')).toMatchObject({ ok: false, code: 'TOO_MANY_VALUES' });
    });

    it('refuses two spellings of one code in a cell', () => {
      expect(set.readNew(LEVEL, '3.04|03.04')).toMatchObject({ ok: false });
    });

    it('reads back its own value unchanged (readNew after format is the identity)', () => {
      fc.assert(
        fc.property(
          fc.oneof(
            musicCell.map((cell) => [MUSIC, cell] as const),
            levelCell.map((cell) => [LEVEL, cell] as const),
          ),
          ([field, cell]) => {
            const read = set.readNew(field, cell);
            if (!read.ok) return;
            const again = set.readNew(field, read.cell.value);
            expect(again).toEqual({ ok: true, cell: read.cell, warnings: [] });
          },
        ),
      );
    });

    it('reads any arrangement of known MUSIC codes as the sorted codes and their ids', () => {
      fc.assert(
        fc.property(musicCell, (cell) => {
          const codes = cell
            .split('|')
            .map((part) => part.trim())
            .filter(Boolean)
            .sort();
          const read = set.readNew(MUSIC, cell);
          expect(read).toMatchObject({ ok: true, cell: { value: codes.join('|') } });
          if (read.ok) expect(read.cell.valueIds).toEqual(codes.map((code) => MUSIC.values.get(code)));
        }),
      );
    });
  });

  describe('readOld', () => {
    it('agrees with readNew on every cell readNew accepts', () => {
      fc.assert(
        fc.property(
          fc.oneof(
            musicCell.map((cell) => [MUSIC, cell] as const),
            levelCell.map((cell) => [LEVEL, cell] as const),
          ),
          ([field, cell]) => {
            const read = set.readNew(field, cell);
            if (read.ok) expect(set.readOld(field, cell)).toBe(read.cell.value);
          },
        ),
      );
    });

    it.each([
      ['MUSIC', 'JAZZ||POP', 'JAZZ||POP'],
      ['MUSIC', 'ROCK | SAMBA', 'ROCK|SAMBA'],
      ['LEVEL', ' 7 ', '7'],
      ['LEVEL', 'SILVER', 'SILVER'],
      ['LEVEL', '3.04|SILVER', '03.04|SILVER'],
    ])('never fails: keeps what it cannot read (%s %j -> %j)', (code, cell, value) => {
      expect(set.readOld(set.byCode.get(code)!, cell)).toBe(value);
    });
  });

  describe('restore', () => {
    it('writes the same value ids as the cell that was read', () => {
      fc.assert(
        fc.property(
          fc.oneof(
            musicCell.map((cell) => [MUSIC, cell] as const),
            levelCell.map((cell) => [LEVEL, cell] as const),
          ),
          ([field, cell]) => {
            const read = set.readNew(field, cell);
            if (!read.ok) return;
            expect(set.restore(field, read.cell.value)).toEqual({
              value: read.cell.value,
              valueIds: read.cell.valueIds,
            });
          },
        ),
      );
    });

    it('gives up on a value whose code is gone or that cannot be split', () => {
      expect(set.restore(MUSIC, 'JAZZ|SAMBA')).toBeUndefined();
      expect(set.restore(MUSIC, 'JAZZ||ROCK')).toBeUndefined();
    });
  });

  describe('loadCurrent', () => {
    it('groups packed value ids by criterion, joins multi-values and skips ids it does not know', async () => {
      expect(await current('102,100,201,999')).toEqual(
        new Map([
          [1, 'JAZZ|POP'],
          [2, '03.04'],
        ]),
      );
      expect(await current('')).toEqual(new Map());
    });

    it('agrees with the formatter on every set of stored values', async () => {
      await fc.assert(
        fc.asyncProperty(fc.uniqueArray(fc.constantFrom(100, 101, 102)), async (ids) => {
          const values = await current(ids.join(','));
          expect(set.formatter()(ids, ids.length)).toBe(values?.get(1) ?? '');
        }),
      );
    });
  });

  describe('formatter', () => {
    it.each([
      [[], 0, ''],
      [[101], 1, 'ROCK'],
      [[101, 100, 102], 3, 'JAZZ|POP|ROCK'],
      [[101, 100, 102], 2, 'JAZZ|ROCK'],
      [[999], 1, ''],
    ])('prints the first count of %j (count %j) as %j', (ids, count, cell) => {
      expect(set.formatter()(ids, count)).toBe(cell);
    });

    it('prints a repeated combination the same each time', () => {
      const format = set.formatter();
      expect([format([100, 102], 2), format([100, 102], 2), format([100, 101], 2)]).toEqual([
        'JAZZ|POP',
        'JAZZ|POP',
        'JAZZ|ROCK',
      ]);
    });
  });

  it('writes values as one DELETE per criterion, then the INSERT of every value id', () => {
    const write = (contactId: number, field: CriterionField, value: string) => {
      const read = set.readNew(field, value);
      if (!read.ok) throw new Error(read.message);
      return { contactId, field, oldValue: '', newValue: value, cell: read.cell, line: 2 };
    };
    expect(
      set.writeStatements([write(10, MUSIC, 'JAZZ|ROCK'), write(11, MUSIC, ''), write(10, LEVEL, 'GOLD')], 7),
    ).toEqual([
      {
        sql: 'DELETE FROM contact_criterion_values WHERE criterion_id = ? AND contact_id IN (?)',
        params: [1, [10, 11]],
      },
      { sql: 'DELETE FROM contact_criterion_values WHERE criterion_id = ? AND contact_id IN (?)', params: [2, [10]] },
      {
        sql: 'INSERT INTO contact_criterion_values (contact_id, criterion_id, value_id) VALUES ?',
        params: [
          [
            [10, 1, 100],
            [10, 1, 101],
            [10, 2, 203],
          ],
        ],
      },
    ]);
  });
});
