// One set of contact rules for both doors: POST /contacts (and /contacts/bulk, same DTO) and a contacts import.
import fc from 'fast-check';
import { validate } from 'class-validator';
import type { CellCheck, ContactColumnCode } from '@app/common';
import { CONTACT_COLUMNS, CONTACT_LANGUAGES } from '@app/common';
import { CreateContactDto } from '../../apps/targets/src/contacts/dto/create-contact.dto';
import { toContactValues } from '../../apps/targets/src/contacts/contacts.service';
import { contactKind } from '@app/fields';

/** A valid body; each case replaces one column. */
const BASE = { firstName: 'Ada', lastName: 'Lovelace', email: '' };

const contactFields = contactKind.load({ criteria: new Map(), authorizations: new Map() });

/**
 * What a contacts import decides for a cell of a created contact, as ContactRows does: the [new] cell is
 * read by its field kind (dates, languages), then the value written is checked by its column (names, e-mails).
 */
function importReads(code: ContactColumnCode, raw: string): CellCheck {
  const field = contactFields.byCode.get(code)!;
  const read = contactFields.readNew(field, raw);
  if (!read.ok) return read;
  return field.column.check?.(read.cell.value, code) ?? { ok: true, value: read.cell.value };
}

/** The DTO's problems with one property, as the ValidationPipe and ParseItemsPipe validate it. */
async function apiProblems(apiName: string, value: unknown): Promise<string[]> {
  const body = Object.assign(new CreateContactDto(), { ...BASE, [apiName]: value });
  const errors = await validate(body, { whitelist: true, forbidNonWhitelisted: true });
  return errors.flatMap((error) => Object.values(error.constraints ?? {}));
}

/** Mostly nothing, sometimes spaces: a value spelled as stored, or the same with spaces around. */
const pad = fc.oneof({ arbitrary: fc.constant(''), weight: 5 }, fc.constantFrom(' ', '  ', '\t'));
const padded = (text: fc.Arbitrary<string>) => fc.tuple(pad, text, pad).map(([a, t, b]) => `${a}${t}${b}`);
const anyCase = (text: fc.Arbitrary<string>) =>
  fc.tuple(text, fc.boolean()).map(([t, upper]) => (upper ? t.toUpperCase() : t));
const twoDigits = (n: number) => String(n).padStart(2, '0');
const dates = fc
  .tuple(fc.integer({ min: 1800, max: 2100 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
  .chain(([y, m, d]) =>
    fc.constantFrom(
      `${y}-${twoDigits(m)}-${twoDigits(d)}`,
      `${d}.${m}.${y}`,
      `${twoDigits(d)}/${twoDigits(m)}/${y}`,
      `${d}-${m}-${y}`,
      `${y}-${m}-${d}`,
      `${twoDigits(d)}.${twoDigits(m)}.${String(y).slice(2)}`,
    ),
  );
const names = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('Ada', 'Jean-Pierre', "O'Brien", 'Zoé', 'Ørsted', 'Sm1th', 'R2D2', '', 'x'.repeat(100)),
  fc.string({ unit: fc.constantFrom('a', 'é', ' ', '-', '1'), maxLength: 110 }),
);
const emails = fc.oneof(
  fc.emailAddress(),
  fc.constantFrom('a@b', 'a@@example.org', 'a b@example.org', 'a..b@example.org', '@example.org', 'a@example.'),
  fc.constantFrom('ada@example.org', '', `${'a'.repeat(250)}@example.org`),
  fc.string({ maxLength: 20 }),
);
const languages = fc.oneof(
  anyCase(fc.constantFrom(...CONTACT_LANGUAGES, 'es', 'français')),
  fc.string({ maxLength: 3 }),
);

const phones = fc.oneof(
  fc.stringMatching(/^\+[1-9]\d{6,14}$/),
  fc.constantFrom(
    '+33 6 12 34 56 78',
    '0033612345678',
    '06 12 34 56 78',
    '+0612345678',
    '+1234567890123456',
    '+33-6.12(34)56',
  ),
  fc.string({ unit: fc.constantFrom('+', '0', '3', '9', ' ', '.'), maxLength: 18 }),
  fc.constant(''),
);

/** Values of each column worth trying: valid, nearly valid, other spellings, noise. */
const VALUES: Record<ContactColumnCode, fc.Arbitrary<string>> = {
  first_name: padded(names),
  last_name: padded(names),
  email: padded(emails),
  birth_date: fc.oneof(
    padded(dates),
    fc
      .date({ min: new Date('1880-01-01T00:00:00Z'), max: new Date(), noInvalidDate: true })
      .map((date) => date.toISOString().slice(0, 10)),
    fc.constant(''),
    fc.string({ maxLength: 12 }),
  ),
  language: padded(languages),
  phone: padded(phones),
};

describe('one set of contact rules for the targets API and a contacts import', () => {
  it('has values to try for every column of the table', () => {
    expect(Object.keys(VALUES).sort()).toEqual(CONTACT_COLUMNS.map((column) => column.code).sort());
  });

  describe.each(CONTACT_COLUMNS.map((column) => [column.code, column] as const))('%s', (code, column) => {
    it('the API accepts a value iff the import accepts it and reads it as the API spelling of itself', async () => {
      const seen = { accepted: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(VALUES[code], async (raw) => {
          const read = importReads(code, raw);
          const importTakesAsIs = read.ok && column.toApi(read.value) === raw;
          const problems = await apiProblems(column.apiName, raw);
          seen[problems.length ? 'refused' : 'accepted']++;
          expect({ raw, accepted: problems.length === 0 }).toEqual({ raw, accepted: importTakesAsIs });
          // A refusal names the property.
          for (const problem of problems) expect(problem.startsWith(`${column.apiName} `)).toBe(true);
          if (importTakesAsIs) {
            const body = Object.assign(new CreateContactDto(), { ...BASE, [column.apiName]: raw });
            expect(toContactValues(body)[code]).toBe(read.value);
          }
        }),
        { numRuns: 300 },
      );
      // The values tried reach both sides of the rule.
      expect(seen.accepted).toBeGreaterThan(10);
      expect(seen.refused).toBeGreaterThan(10);
    });

    it('the API accepts what the import stores, in its API spelling', async () => {
      await fc.assert(
        fc.asyncProperty(VALUES[code], async (raw) => {
          const read = importReads(code, raw);
          fc.pre(read.ok);
          if (read.ok) expect(await apiProblems(column.apiName, column.toApi(read.value))).toEqual([]);
        }),
        { numRuns: 300 },
      );
    });
  });

  it.each([
    ['email', 'a@b', 'email "a@b" is not an e-mail address; write it like name@example.org'],
    ['firstName', 'R2D2', 'firstName "R2D2" contains digits'],
    ['lastName', '', 'lastName is empty; a contact needs a first and a last name'],
    ['birthDate', '31.12.1980', 'birthDate "31.12.1980" must be written 1980-12-31 (YYYY-MM-DD)'],
    ['birthDate', '', 'birthDate must be null when unknown, not ""'],
    ['language', 'FR', 'language "FR" must be written fr (one of fr, en, de, it, in lower case)'],
    ['language', 'es', 'language "es" is not a language; write one of fr, en, de, it'],
    ['firstName', ' Ada', 'firstName " Ada" must be written Ada (without spaces around it)'],
    ['email', 42, 'email must be a string'],
  ])('tells why %s %j is refused and how to fix it', async (apiName, value, message) => {
    expect((await apiProblems(apiName, value)).join('; ')).toContain(message);
  });

  it('takes null or nothing for an unknown birth date or language, never for a name or an e-mail', async () => {
    expect(await apiProblems('birthDate', null)).toEqual([]);
    expect(await apiProblems('language', undefined)).toEqual([]);
    expect(await apiProblems('email', null)).toEqual(['email must be a string']);
    expect(await apiProblems('firstName', undefined)).toEqual(['firstName must be a string']);
  });
});
