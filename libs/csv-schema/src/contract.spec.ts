import { CONTACT_COLUMN_CODES } from '@app/common';
// The names other helpers code against (the binding contract), and the lib's independence.
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import * as booleanRules from '@app/boolean-rules';
import * as csvSchema from './index';

describe('public contract', () => {
  it('@app/csv-schema exports the agreed functions and constants', () => {
    for (const name of [
      'templateHeader',
      'parseHeader',
      'joinMultiValue',
      'splitMultiValue',
      'escapeCell',
      'unescapeCell',
      'detectDelimiter',
      'detectEncoding',
      'createCsvWriter',
      'readCsv',
      'readCsvWithInfo',
      'CsvInputError',
    ]) {
      expect(typeof (csvSchema as Record<string, unknown>)[name]).toBe('function');
    }
    expect(csvSchema.CONTACT_ID).toBe('contact_id');
    expect(csvSchema.INFO_COLUMNS).toEqual(['last_name', 'first_name', 'email']);
    expect(csvSchema.CONTACT_FIELDS).toEqual(CONTACT_COLUMN_CODES);
    const error = new csvSchema.CsvInputError('EMPTY_FILE', 1, 'empty');
    expect(error).toBeInstanceOf(Error);
    expect({ code: error.code, line: error.line, message: error.message }).toEqual({
      code: 'EMPTY_FILE',
      line: 1,
      message: 'empty',
    });
  });

  it('@app/boolean-rules exports the agreed functions and table', () => {
    expect(typeof booleanRules.parseBoolean).toBe('function');
    expect(typeof booleanRules.formatBoolean).toBe('function');
    expect(Object.keys(booleanRules.BOOLEAN_SPELLINGS)).toEqual(['true', 'false']);
  });

  it('neither lib depends on Nest, TypeORM, another lib or an app (but the contact columns table)', () => {
    for (const dir of [__dirname, join(__dirname, '../../boolean-rules/src')]) {
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))) {
        const source = readFileSync(join(dir, file), 'utf8');
        const imports = [...source.matchAll(/(?:from|require\()\s*'([^']+)'/g)].map((m) => m[1]);
        for (const spec of imports) {
          // CONTACT_FIELDS are the codes of CONTACT_COLUMNS, the one table of the contact columns.
          if (dir === __dirname && file === 'template-header.ts' && spec === '@app/common') continue;
          expect(`${file}: ${spec}`).not.toMatch(/: (@nestjs\/|typeorm|@app\/|(\.\.\/)+apps\/)/);
        }
      }
    }
  });

  it('@app/common never imports @app/csv-schema (which takes the contact columns from it)', () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory()
          ? sources(join(dir, entry.name))
          : entry.name.endsWith('.ts')
            ? [join(dir, entry.name)]
            : [],
      );
    for (const file of sources(join(__dirname, '../../common/src')))
      expect(`${file}: ${readFileSync(file, 'utf8')}`).not.toMatch(/@app\/csv-schema|csv-schema\/src/);
  });
});
