import type { BooleanParse } from '@app/boolean-rules';
import type { IssueCode, IssueCodeOf } from '@app/common';
import { ISSUE_CODE_LIST, ISSUE_CODES, isIssueCode, UPLOAD_ISSUE_CODES } from '@app/common';
import type { CsvInputErrorCode, HeaderIssueCode, MultiValueParse, XlsxInputErrorCode } from '@app/csv-schema';

// The libs that read files depend on no other lib, so they spell their codes themselves: these aliases stop
// the type check (npm test runs tsc over the specs too) as soon as one of them is not in the catalog.
type LibCodes = IssueCodeOf<
  | CsvInputErrorCode
  | XlsxInputErrorCode
  | HeaderIssueCode
  | Extract<MultiValueParse, { ok: false }>['code']
  | Extract<BooleanParse, { ok: false }>['code']
>;
const libCodes: LibCodes[] = ['MALFORMED_CSV', 'MALFORMED_XLSX', 'UNKNOWN_CODE', 'EMPTY_VALUE_PART', 'INVALID_BOOLEAN'];

const PLACEHOLDERS = new Set(['{line}', '{column}', '{value}', '{code}', '{limit}']);

describe('the issue-code catalog', () => {
  it('lists every code once, sorted, each keyed by itself', () => {
    expect(ISSUE_CODE_LIST).toEqual(Object.keys(ISSUE_CODES).sort());
    expect(new Set(ISSUE_CODE_LIST).size).toBe(ISSUE_CODE_LIST.length);
    for (const code of ISSUE_CODE_LIST) expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
  });

  it('gives each code a message that ends a sentence and uses known placeholders only', () => {
    for (const code of ISSUE_CODE_LIST) {
      const { message } = ISSUE_CODES[code];
      expect(`${code}: ${message}`).toMatch(/[.)]$/);
      for (const [placeholder] of message.matchAll(/\{[a-z]+\}/g))
        expect(`${code}: ${placeholder}`).toBe(`${code}: ${PLACEHOLDERS.has(placeholder) ? placeholder : '?'}`);
    }
  });

  it('checks strings against the catalog', () => {
    const samples: IssueCode[] = [...libCodes, 'STALE_VALUE'];
    for (const code of samples) expect(isIssueCode(code)).toBe(true);
    expect(isIssueCode('UNKNOWN_VALUE')).toBe(false);
    expect(isIssueCode('toString')).toBe(false);
  });

  it('names the zip checks POST /imports answers with a 400', () => {
    expect(UPLOAD_ISSUE_CODES).toEqual([
      'INVALID_ZIP',
      'UNSAFE_ZIP_ENTRY',
      'UNSUPPORTED_ZIP_ENTRY',
      'ZIP_ENTRY_COUNT',
      'ZIP_RATIO',
      'ZIP_TOO_LARGE',
    ]);
  });
});
