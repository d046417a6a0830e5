import type { DataType, Locale, ReportLine } from '@app/queues';

/** Words the templates need as values (they come from the message as codes). */
export const LABELS: Record<
  Locale,
  {
    dataType: Record<DataType, string>;
    severity: Record<ReportLine['severity'], string>;
  }
> = {
  fr: {
    dataType: { criteria: 'critères', authorizations: 'autorisations', contacts: 'coordonnées' },
    severity: { error: 'erreur', warning: 'avertissement', conflict: 'conflit' },
  },
  en: {
    dataType: { criteria: 'criteria', authorizations: 'authorizations', contacts: 'contact details' },
    severity: { error: 'error', warning: 'warning', conflict: 'conflict' },
  },
};

const INTL_LOCALE: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };

export function formatNumber(value: number, locale: Locale): string {
  return new Intl.NumberFormat(INTL_LOCALE[locale]).format(value);
}

/** "2 000 contacts", "1 contact", "0 contact" in French, "0 contacts" in English. */
export function formatCount(value: number, locale: Locale, one: string, other: string): string {
  const form = new Intl.PluralRules(INTL_LOCALE[locale]).select(value) === 'one' ? one : other;
  return `${formatNumber(value, locale)} ${form}`;
}

export function formatBytes(bytes: number, locale: Locale): string {
  if (bytes < 1024) return `${formatNumber(bytes, locale)} ${locale === 'fr' ? 'o' : 'B'}`;
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return new Intl.NumberFormat(INTL_LOCALE[locale], {
    style: 'unit',
    unit: units[unit],
    unitDisplay: 'short',
    maximumFractionDigits: 1,
  }).format(value);
}

/** Dates in UTC, said so: the recipients' time zone is not known. */
export function formatDate(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(date)} UTC`;
}
