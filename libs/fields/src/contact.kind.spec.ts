import { checkEmail, checkName, readBirthDate, readLanguage } from '@app/common';
import { contactKind } from '@app/fields';
import type { ContactColumnCode } from '@app/common';

const contactFields = contactKind.load({ criteria: new Map(), authorizations: new Map() });
const normalizeOldContact = (code: ContactColumnCode, raw: string) =>
  contactFields.readOld(contactFields.byCode.get(code)!, raw);

const TODAY = '2026-11-26';

describe('contact cell checks', () => {
  it.each([
    ['24.12.1990', '1990-12-24'],
    ['24/12/1990', '1990-12-24'],
    ['24-12-1990', '1990-12-24'],
    ['1.2.1980', '1980-02-01'],
    ['29.02.2000', '2000-02-29'],
    ['1990-12-24', '1990-12-24'],
    [' 26.11.2026 ', '2026-11-26'],
    ['', ''],
  ])('reads the birth date %j as %j', (raw, value) => {
    expect(readBirthDate(raw, TODAY)).toEqual({ ok: true, value });
  });

  it.each([
    ['31.02.1990', 'INVALID_DATE'],
    ['29.02.1900', 'INVALID_DATE'],
    ['00.01.1990', 'INVALID_DATE'],
    ['12.13.1990', 'INVALID_DATE'],
    ['1990', 'INVALID_DATE'],
    ['24.12.90', 'INVALID_DATE'],
    ['24.12.1790', 'INVALID_DATE'],
    ['tomorrow', 'INVALID_DATE'],
    ['27.11.2026', 'FUTURE_DATE'],
    ['01.01.2999', 'FUTURE_DATE'],
  ])('refuses the birth date %j with %s', (raw, code) => {
    expect(readBirthDate(raw, TODAY)).toMatchObject({ ok: false, code });
  });

  it('reads languages in any case and refuses others', () => {
    expect(['fr', 'EN', ' De ', 'it', ''].map((raw) => readLanguage(raw))).toEqual([
      { ok: true, value: 'fr' },
      { ok: true, value: 'en' },
      { ok: true, value: 'de' },
      { ok: true, value: 'it' },
      { ok: true, value: '' },
    ]);
    expect(readLanguage('es')).toMatchObject({ ok: false, code: 'UNKNOWN_LANGUAGE' });
    expect(readLanguage('français')).toMatchObject({ ok: false, code: 'UNKNOWN_LANGUAGE' });
  });

  it('checks e-mail addresses', () => {
    for (const good of ['a@example.org', 'first.last+tag@sub.example.co', ''])
      expect(checkEmail(good)).toEqual({ ok: true, value: good });
    for (const bad of [
      'not-an-email',
      'a@b',
      'a@@example.org',
      'a b@example.org',
      'a..b@example.org',
      '@example.org',
      'a@example.',
    ]) {
      expect(checkEmail(bad)).toMatchObject({ ok: false, code: 'INVALID_EMAIL' });
    }
    expect(checkEmail(`${'a'.repeat(250)}@example.org`)).toMatchObject({ ok: false, code: 'TOO_LONG' });
  });

  it('refuses digits in names and over-long names', () => {
    expect(checkName('first_name', 'Jean-Pierre')).toEqual({ ok: true, value: 'Jean-Pierre' });
    expect(checkName('first_name', "O'Brien")).toEqual({ ok: true, value: "O'Brien" });
    expect(checkName('last_name', 'Sm1th')).toMatchObject({ ok: false, code: 'DIGITS_IN_NAME' });
    expect(checkName('last_name', 'x'.repeat(101))).toMatchObject({ ok: false, code: 'TOO_LONG' });
  });

  it('normalizes [old] cells like [new] ones, never failing', () => {
    expect(normalizeOldContact('birth_date', '24/12/1990')).toBe('1990-12-24');
    expect(normalizeOldContact('birth_date', 'garbage')).toBe('garbage');
    expect(normalizeOldContact('language', 'FR')).toBe('fr');
    expect(normalizeOldContact('email', ' a@example.org ')).toBe('a@example.org');
  });
});
