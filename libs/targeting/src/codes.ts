/** Codes of criteria, criterion values and authorizations: what a spreadsheet cell can carry safely. */
export const CODE_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
export const CODE_PATTERN_MESSAGE = 'must be 1 to 64 letters, digits, "_", "." or "-"';

export function isCode(value: unknown): value is string {
  return typeof value === 'string' && CODE_PATTERN.test(value);
}
