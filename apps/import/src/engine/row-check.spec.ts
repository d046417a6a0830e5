import * as fc from 'fast-check';
import { criterionKind } from '@app/fields';
import type { CurrentValues, FieldColumn, FieldWrite, Issue, RowLayout } from './row-check';
import { compareRow, emptyCounts, IdSet, prepareRow, readContactId } from './row-check';

const codes = (id: number, multiValued: boolean, values: string[]) => ({
  id,
  multiValued,
  values: new Map(values.map((value, i) => [value, id * 100 + i])),
});
const criteria = criterionKind.load({
  criteria: new Map([
    ['MUSIC', codes(1, true, ['JAZZ', 'ROCK', 'POP'])],
    ['LEVEL', codes(2, false, ['007', '03.04', '7.0', 'GOLD'])],
  ]),
  authorizations: new Map(),
});
const MUSIC = criteria.byCode.get('MUSIC')!;
const LEVEL = criteria.byCode.get('LEVEL')!;
describe('contact ids', () => {
  it('reads contact ids made of digits only', () => {
    expect([
      readContactId(' 42 '),
      readContactId('4.2'),
      readContactId('-1'),
      readContactId(''),
      readContactId('0'),
      readContactId('99999999999'),
    ]).toEqual([42, null, null, null, null, null]);
  });
});

describe('IdSet', () => {
  it('reports each id as new exactly once, dense or huge', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 4294967295 }))),
        (list) => {
          const set = new IdSet();
          const seen = new Set<number>();
          for (const id of list) expect(set.add(id)).toBe(!seen.has(id) && !!seen.add(id));
        },
      ),
    );
  });
});

describe('rows', () => {
  const columns: FieldColumn[] = [
    { set: criteria, field: MUSIC, newIndex: 2, newName: '[new] MUSIC', oldIndex: 1, oldName: '[old] MUSIC' },
    { set: criteria, field: LEVEL, newIndex: 4, newName: '[new] LEVEL', oldIndex: 3, oldName: '[old] LEVEL' },
  ];
  const layout: RowLayout = { contactIndex: 0, headerLength: 5, columns };
  const current: CurrentValues = new Map([
    [
      10,
      new Map([
        [1, 'JAZZ'],
        [2, '03.04'],
      ]),
    ],
    [11, new Map()],
  ]);

  function check(lines: string[][], onConflict: 'skip' | 'overwrite' = 'skip') {
    const seen = new IdSet();
    const counts = emptyCounts();
    const issues: Issue[] = [];
    const writes: FieldWrite[] = [];
    lines.forEach((cells, i) => {
      const row = prepareRow({ line: i + 2, cells }, layout, seen);
      if (row) compareRow(row, columns, current, onConflict, counts, issues, writes);
    });
    return { counts, issues, writes };
  }

  it('counts an untouched row, even mangled by a spreadsheet, as unchanged', () => {
    const { counts, issues, writes } = check([['10', 'JAZZ', 'JAZZ', '3.04', '3.04']]);
    expect(counts).toMatchObject({ rows: 1, validRows: 1, changes: 0, unchanged: 2, conflicts: 0 });
    expect(issues.map((i) => i.code)).toEqual(['NUMERIC_CODE_COERCED']);
    expect(writes).toEqual([]);
  });

  it('writes changed fields with their old and new values as in files', () => {
    const { counts, writes } = check([['11', '', 'POP|JAZZ', '', 'GOLD']]);
    expect(counts).toMatchObject({ changes: 2, unchanged: 0 });
    expect(writes.map((w) => [w.contactId, w.field.code, w.oldValue, w.newValue, w.cell.valueIds])).toEqual([
      [11, 'MUSIC', '', 'JAZZ|POP', [100, 102]],
      [11, 'LEVEL', '', 'GOLD', [203]],
    ]);
  });

  it('reports a stale [old] as a conflict and skips it, or overwrites with a warning', () => {
    const skip = check([['10', 'ROCK', 'POP', '03.04', '03.04']]);
    expect(skip.issues.map((i) => [i.code, i.severity, i.column])).toEqual([
      ['STALE_VALUE', 'conflict', '[old] MUSIC'],
    ]);
    expect(skip.writes).toEqual([]);
    expect(skip.counts).toMatchObject({ changes: 1, conflicts: 1, unchanged: 1 });
    const overwrite = check([['10', 'ROCK', 'POP', '03.04', '03.04']], 'overwrite');
    expect(overwrite.issues.map((i) => [i.code, i.severity])).toEqual([['STALE_VALUE', 'warning']]);
    expect(overwrite.writes.map((w) => w.newValue)).toEqual(['POP']);
  });

  it('skips whole rows with errors: unknown, duplicate or invalid contacts, bad cells, wrong cell count; ignores blank lines', () => {
    const { counts, issues, writes } = check([
      ['12', '', 'POP', '', ''],
      ['11', '', 'POP', '', 'NOPE'],
      ['11', '', 'POP', '', ''],
      ['x1', '', '', '', ''],
      ['10', 'JAZZ'],
      [''],
    ]);
    expect(issues.map((i) => [i.line, i.code])).toEqual([
      [2, 'UNKNOWN_CONTACT'],
      [3, 'UNKNOWN_VALUE_CODE'],
      [4, 'DUPLICATE_CONTACT'],
      [5, 'INVALID_CONTACT_ID'],
      [6, 'MALFORMED_ROW'],
    ]);
    expect(counts).toMatchObject({ rows: 5, validRows: 0, errorRows: 5 });
    expect(writes).toEqual([]);
  });

  it('is the identity on a template whose [new] cells equal [old] and the current values', () => {
    fc.assert(
      fc.property(fc.subarray(['JAZZ', 'POP', 'ROCK']), fc.constantFrom('', '007', '03.04', 'GOLD'), (music, level) => {
        const value = music.join('|');
        const state: CurrentValues = new Map([
          [
            11,
            new Map<number, string>([
              ...(value ? [[1, value] as [number, string]] : []),
              ...(level ? [[2, level] as [number, string]] : []),
            ]),
          ],
        ]);
        const counts = emptyCounts();
        const writes: FieldWrite[] = [];
        const issues: Issue[] = [];
        const row = prepareRow({ line: 2, cells: ['11', value, value, level, level] }, layout, new IdSet())!;
        compareRow(row, columns, state, 'skip', counts, issues, writes);
        expect([counts.changes, counts.conflicts, counts.errorRows, writes.length, issues.length]).toEqual([
          0, 0, 0, 0, 0,
        ]);
      }),
    );
  });
});
