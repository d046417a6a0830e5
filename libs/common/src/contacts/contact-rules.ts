/** Rules on contact fields shared by the targets API and a contacts import, so both accept the same values. */

export const CONTACT_LANGUAGES = ['fr', 'en', 'de', 'it'] as const;
export type ContactLanguage = (typeof CONTACT_LANGUAGES)[number];

/** The earliest birth year accepted: earlier ones are typing mistakes. */
export const FIRST_BIRTH_YEAR = 1880;

/**
 * A birth day as `YYYY-MM-DD` when it exists, is from FIRST_BIRTH_YEAR on and not after `today`
 * (`YYYY-MM-DD`, UTC); else why not.
 */
export function checkBirthDay(
  year: number,
  month: number,
  day: number,
  today: string,
): { date: string } | { problem: 'IMPOSSIBLE' | 'TOO_EARLY' | 'FUTURE' } {
  const utc = new Date(Date.UTC(year, month - 1, day));
  if (utc.getUTCFullYear() !== year || utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== day)
    return { problem: 'IMPOSSIBLE' };
  if (year < FIRST_BIRTH_YEAR) return { problem: 'TOO_EARLY' };
  const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return date > today ? { problem: 'FUTURE' } : { date };
}
