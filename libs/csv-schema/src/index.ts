/**
 * The template file format (docs/file-format.md), shared by the export and import apps. Pure; the
 * contact fields come from the contact columns table of @app/common.
 *
 * - `templateHeader` / `parseHeader`: the columns (`contact_id`, informative columns,
 *   `[old] CODE` / `[new] CODE` pairs, bare `CODE` = `[new]`) and their problems.
 * - `joinMultiValue` / `splitMultiValue`: multi-valued criteria as sorted codes joined by `|`.
 * - `escapeCell` / `unescapeCell`: formula-injection escaping (leading `'`); exact round trip.
 * - `detectDelimiter`, `detectEncoding`: `,` `;` tab; UTF-8 (BOM or valid) else Windows-1252.
 * - `createCsvWriter`: rows -> UTF-8 BOM CSV bytes, CRLF, RFC 4180, in >= 64 KiB Buffers.
 * - `readCsv` / `readCsvWithInfo`: bytes -> records with spreadsheet line numbers, guarded
 *   against runaway lines, binary and UTF-16 files (`CsvInputError` with a stable code).
 *
 * Round trip: `readCsv(createCsvWriter(rows))` gives back `rows` exactly, for both delimiters,
 * for every string without NUL characters (NUL is binary content) or lone surrogates.
 */
export * from './template-header';
export * from './multi-value';
export * from './cell-escape';
export * from './detect';
export * from './csv-input-error';
export * from './csv-writer';
export * from './csv-reader';
export { readCsvInWorker } from './csv-worker-reader';
export * from './xlsx-writer';
export * from './xlsx-reader';
export * from './inflate-budget'; // the inflate limits of readXlsx, shared with the import app's zipped CSVs
