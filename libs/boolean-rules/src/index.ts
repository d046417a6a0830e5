/**
 * Tri-state booleans (authorizations) as they appear in CSV files: `TRUE`/`true`/`T`/`t`,
 * `FALSE`/`false`/`F`/`f`, or empty. One table (`BOOLEAN_SPELLINGS`) drives parsing, formatting,
 * the error message and the tests. Pure, no framework dependency.
 */
export * from './boolean-rules';
