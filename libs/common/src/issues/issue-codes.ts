/**
 * Every code an import can report: in the report (`GET /imports/{id}/report`), in `fileErrors` of
 * `GET /imports/{id}`, and as the `code` of the 400 that `POST /imports` answers for an upload it cannot open.
 * The `code` fields of the issue types are typed `IssueCode`, so an unknown code does not compile; the
 * OpenAPI documents list them (`IssueCode`) and `npm run docs` writes the table of docs/issue-codes.md.
 *
 * `message` is the generic text for the docs: what is wrong and how to fix it. The reports carry a more
 * precise message built where the problem is found (with the line, the column and the value).
 * Renaming a code breaks the clients that switch on it: add a code rather than rename one.
 *
 * csv-schema and boolean-rules depend on no other lib: their own unions of codes are held to this catalog by
 * test/unit/issue-codes.spec.ts (a type check) and by the import's types, which take them as IssueCode.
 */

/**
 * `error`: the row (or the whole file) is not applied. `warning`: applied anyway. `conflict`: the value was left as is.
 */
export type IssueSeverity = 'error' | 'warning' | 'conflict';

/**
 * What the code is about: the file as a whole (the import fails), its header row (it fails too), a row, or one cell.
 */
export type IssueScope = 'file' | 'header' | 'row' | 'cell';

export interface IssueCodeInfo {
  severity: IssueSeverity;
  /** The other severity the same code is reported with, and when. */
  otherwise?: { severity: IssueSeverity; when: string };
  scope: IssueScope;
  /** Also checked when POST /imports receives the file, which it then refuses at once: a 400 with this code. */
  atUpload?: true;
  /** Placeholders: {line}, {column}, {value}, {code} (a criterion's or authorization's), {limit}. */
  message: string;
}

export const ISSUE_CODES = {
  // The upload: opened when POST /imports receives it (a 400), and again when the import runs.
  INVALID_ZIP: {
    severity: 'error',
    scope: 'file',
    atUpload: true,
    message:
      'The .zip (or the .xlsx, itself a zip) cannot be read or is damaged; save or zip it again, or upload the .csv itself.',
  },
  ZIP_ENTRY_COUNT: {
    severity: 'error',
    scope: 'file',
    atUpload: true,
    message: "The .zip must hold exactly one .csv or .xlsx file; upload the template's zip or the file itself.",
  },
  UNSAFE_ZIP_ENTRY: {
    severity: 'error',
    scope: 'file',
    atUpload: true,
    message: 'The file inside the .zip has an unsafe name (a path going up, or absolute); zip the .csv alone again.',
  },
  UNSUPPORTED_ZIP_ENTRY: {
    severity: 'error',
    scope: 'file',
    atUpload: true,
    message:
      'The file inside the .zip is not a .csv or an .xlsx, or it is protected by a password; zip the file again without one.',
  },
  ZIP_TOO_LARGE: {
    severity: 'error',
    scope: 'file',
    atUpload: true,
    message: 'The file is larger than {limit} bytes once unzipped (MAX_UNZIPPED_BYTES); split the file.',
  },
  ZIP_RATIO: {
    severity: 'error',
    scope: 'file',
    atUpload: true,
    message:
      'The .zip compresses more than {limit}:1 (MAX_ZIP_RATIO), which a real template never does; upload the file itself, or save the sheet as CSV.',
  },

  // Reading the file: the import fails with the code as its fileError.
  EMPTY_FILE: {
    severity: 'error',
    scope: 'file',
    message: 'The file is empty; upload the template with its header row and your rows.',
  },
  UNSUPPORTED_ENCODING: {
    severity: 'error',
    scope: 'file',
    message:
      'The file is encoded in UTF-16 ("Unicode text"); save it as "CSV UTF-8" (or plain CSV) and upload it again.',
  },
  BINARY_CONTENT: {
    severity: 'error',
    scope: 'file',
    message:
      'Line {line} holds a NUL character: this is not a text CSV file. Save the spreadsheet as "CSV UTF-8" and upload that file.',
  },
  LINE_TOO_LONG: {
    severity: 'error',
    scope: 'file',
    message:
      'Line {line} is longer than {limit} characters; check that the file is a CSV export of the template and that its line ends were kept.',
  },
  UNTERMINATED_QUOTE: {
    severity: 'error',
    scope: 'file',
    message:
      'Line {line}: a cell starts with a quote (") that is never closed; add the closing quote, or double every quote that is part of the text ("").',
  },
  MALFORMED_CSV: {
    severity: 'error',
    scope: 'file',
    message:
      'Line {line} is not valid CSV (a quoted cell followed by more text); quote the whole cell, doubling every quote inside it (""), or remove the quotes.',
  },
  TOO_MANY_CELLS: {
    severity: 'error',
    scope: 'file',
    message:
      "Line {line} has more than {limit} cells (or, in a workbook, a value far right of the header's last column); check the delimiter of the file and delete what is right of the table.",
  },
  MALFORMED_XLSX: {
    severity: 'error',
    scope: 'file',
    message:
      'The file cannot be read as an XLSX workbook (its first sheet is missing, or a cell is beyond column XFD or row 1048576); save it again as "Excel 2007-365 (.xlsx)" or as CSV.',
  },
  TOO_LARGE: {
    severity: 'error',
    scope: 'file',
    message:
      'The workbook holds more distinct texts (MAX_XLSX_SHARED_STRINGS), text (MAX_XLSX_SHARED_STRING_BYTES of memory) or cells (MAX_XLSX_CELLS) than a template ever does; save it as CSV, or split it.',
  },

  // The header row: the import fails, each problem named with its column.
  EMPTY_HEADER: {
    severity: 'error',
    scope: 'header',
    message: 'Column {column} has no name in the header row; name it or delete the column.',
  },
  UNKNOWN_CODE: {
    severity: 'error',
    scope: 'header',
    message:
      'Column {column}: "{code}" is not a known code (or the column names none); check its spelling against the codes the API lists, or delete the column.',
  },
  DUPLICATE_COLUMN: {
    severity: 'error',
    scope: 'header',
    message: 'Column {column} repeats an earlier column; keep only one of them.',
  },
  MISSING_CONTACT_ID: {
    severity: 'error',
    scope: 'header',
    message:
      'The header has no contact_id column; keep the contact_id column of the template, it tells which contact each row updates (a contacts import may leave it out to create contacts).',
  },
  OLD_WITHOUT_NEW: {
    severity: 'error',
    scope: 'header',
    message:
      'Column {column} "[old] {code}" has no matching "[new] {code}" column; add it with the wanted values, or delete the [old] column.',
  },
  NO_FIELD_COLUMNS: {
    severity: 'error',
    scope: 'header',
    message: 'The header has no column of a known code; use the header of the template, e.g. "[new] CODE".',
  },

  // A row: any error skips the whole row (or, with allOrNothing=true, the whole import).
  MALFORMED_ROW: {
    severity: 'error',
    scope: 'row',
    message:
      'The row does not have as many cells as the header has columns; check for a missing or extra delimiter or an unclosed quote.',
  },
  INVALID_CONTACT_ID: {
    severity: 'error',
    scope: 'row',
    message: '"{value}" is not a contact id; contact_id must be the number from the template, unchanged.',
  },
  DUPLICATE_CONTACT: {
    severity: 'error',
    scope: 'row',
    message: 'The contact appears on more than one row; keep a single row per contact.',
  },
  UNKNOWN_CONTACT: {
    severity: 'error',
    scope: 'row',
    message:
      'The contact does not exist in your institution; keep the contact_id of the template or remove the row (in a contacts import, leave it empty to create a contact).',
  },

  // A cell of a criterion or an authorization.
  INVALID_BOOLEAN: {
    severity: 'error',
    scope: 'cell',
    message:
      '"{value}" is not a valid yes/no value; write TRUE, true, T or t for yes, FALSE, false, F or f for no, or leave the cell empty.',
  },
  UNKNOWN_VALUE_CODE: {
    severity: 'error',
    scope: 'cell',
    message: '"{value}" is not a value code of {code}; the codes are listed by GET /criteria/{code}/values.',
  },
  TOO_MANY_VALUES: {
    severity: 'error',
    scope: 'cell',
    message: '{code} holds one value only, but several are given; keep a single code.',
  },
  DUPLICATE_VALUE: {
    severity: 'error',
    scope: 'cell',
    message: 'A value code is given twice in the cell; write each code once.',
  },
  EMPTY_VALUE_PART: {
    severity: 'error',
    scope: 'cell',
    message:
      '"{value}" has an empty value between "|" separators; write the codes separated by single "|", e.g. JAZZ|ROCK.',
  },
  NUMERIC_CODE_COERCED: {
    severity: 'warning',
    scope: 'cell',
    message:
      '"{value}" was read as the one code of the criterion with that numeric value (a spreadsheet turned the code into a number); format the column as text to keep codes exact.',
  },
  STALE_VALUE: {
    severity: 'conflict',
    otherwise: { severity: 'warning', when: 'with onConflict=overwrite (the value is written)' },
    scope: 'cell',
    message:
      'The value changed since the export (the [old] cell no longer matches) and was left as is; export a new template, or import with onConflict=overwrite.',
  },

  // A cell of a contacts import (the values a row creates, or those it changes).
  MISSING_NAME: {
    severity: 'error',
    scope: 'cell',
    message:
      'The first or last name is empty (or the file has no such column to create a contact); a contact needs both.',
  },
  DIGITS_IN_NAME: {
    severity: 'error',
    scope: 'cell',
    message:
      '{column} "{value}" contains digits; names hold letters only, check for a typo or a value in the wrong column.',
  },
  INVALID_EMAIL: {
    severity: 'error',
    scope: 'cell',
    message: '"{value}" is not an e-mail address; write it like name@example.org.',
  },
  INVALID_PHONE: {
    severity: 'error',
    scope: 'cell',
    message: '"{value}" is not an international phone number; write it with its country code, e.g. +33612345678.',
  },
  EMAIL_ALREADY_USED: {
    severity: 'error',
    otherwise: { severity: 'warning', when: 'when the row creates a contact (it is created anyway)' },
    scope: 'cell',
    message: '{value} is already the e-mail of another contact; each contact needs its own e-mail.',
  },
  DUPLICATE_EMAIL_IN_FILE: {
    severity: 'error',
    otherwise: { severity: 'warning', when: 'when the row creates a contact (it is created anyway)' },
    scope: 'cell',
    message: '{value} is also on another line of the file; each contact needs its own e-mail.',
  },
  INVALID_DATE: {
    severity: 'error',
    scope: 'cell',
    message:
      '"{value}" is not a possible date; write it yyyy-mm-dd as the template does (or dd.mm.yyyy, dd/mm/yyyy, dd-mm-yyyy), e.g. 1980-12-31.',
  },
  FUTURE_DATE: {
    severity: 'error',
    scope: 'cell',
    message: '{value} is in the future; a birth date must be today or earlier.',
  },
  UNKNOWN_LANGUAGE: {
    severity: 'error',
    scope: 'cell',
    message: '"{value}" is not a language; write one of fr, en, de, it or leave the cell empty.',
  },
  TOO_LONG: {
    severity: 'error',
    scope: 'cell',
    message: '{column} has more characters than allowed (100 for a name, 254 for an e-mail); shorten it.',
  },

  // The run as a whole.
  ALL_OR_NOTHING_REJECTED: {
    severity: 'error',
    scope: 'file',
    message:
      'Some rows have errors; nothing was applied because allOrNothing=true. Fix them (see the report) and import again.',
  },
  JOB_LOST: {
    severity: 'error',
    scope: 'file',
    message: 'The import was interrupted and its uploaded file is no longer stored; upload the file again.',
  },
  CHANGED_SINCE_IMPORT: {
    severity: 'conflict',
    scope: 'cell',
    message:
      'Revert: the value was changed after the import (or the contact the import created was), so it was not restored; restore it by hand if needed.',
  },
} as const satisfies Record<string, IssueCodeInfo>;

export type IssueCode = keyof typeof ISSUE_CODES;

/** Every issue code, sorted: the `enum` of the OpenAPI documents. */
export const ISSUE_CODE_LIST: IssueCode[] = (Object.keys(ISSUE_CODES) as IssueCode[]).sort();

/** A subset of the issue codes, checked: `IssueCodeOf<'EMPTY_FILE' | 'NOPE'>` does not compile. */
/** The codes POST /imports may answer a 400 with (an upload it cannot open): those marked `atUpload`. */
export type UploadIssueCode = {
  [K in IssueCode]: (typeof ISSUE_CODES)[K] extends { atUpload: true } ? K : never;
}[IssueCode];

export const isUploadIssueCode = (code: IssueCode): code is UploadIssueCode =>
  (ISSUE_CODES[code] as IssueCodeInfo).atUpload === true;

/** The codes POST /imports may answer a 400 with (an upload it cannot open), sorted. */
export const UPLOAD_ISSUE_CODES: UploadIssueCode[] = ISSUE_CODE_LIST.filter(isUploadIssueCode);

export type IssueCodeOf<T extends IssueCode> = T;

export const isIssueCode = (code: string): code is IssueCode => Object.prototype.hasOwnProperty.call(ISSUE_CODES, code);
