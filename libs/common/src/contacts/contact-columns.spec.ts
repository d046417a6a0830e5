import { CONTACT_COLUMNS, contactColumn, emptyContactValues, isContactColumn } from './contact-columns';

const TODAY = '2026-11-26';

describe('contact columns table', () => {
  it('lists the columns in template order, with their SQL column, API name and size', () => {
    expect(
      CONTACT_COLUMNS.map(({ code, sqlColumn, apiName, maxLength, requiredOnCreate, empty }) => [
        code,
        sqlColumn,
        apiName,
        maxLength,
        requiredOnCreate,
        empty,
      ]),
    ).toEqual([
      ['first_name', 'first_name', 'firstName', 100, true, ''],
      ['last_name', 'last_name', 'lastName', 100, true, ''],
      ['email', 'email', 'email', 254, false, ''],
      ['birth_date', 'birth_date', 'birthDate', 10, false, null],
      ['language', 'language', 'language', 2, false, null],
      ['phone', 'phone', 'phone', 16, false, null],
    ]);
  });

  it('names each column once in every spelling', () => {
    for (const key of ['code', 'sqlColumn', 'apiName'] as const)
      expect(new Set(CONTACT_COLUMNS.map((column) => column[key])).size).toBe(CONTACT_COLUMNS.length);
  });

  it('finds a column by code', () => {
    expect(isContactColumn('email')).toBe(true);
    expect(isContactColumn('EMAIL')).toBe(false);
    expect(isContactColumn('contact_id')).toBe(false);
    expect(contactColumn('birth_date').apiName).toBe('birthDate');
    expect(emptyContactValues()).toEqual({
      first_name: '',
      last_name: '',
      email: '',
      birth_date: '',
      language: '',
      phone: '',
    });
  });

  it.each([
    ['first_name', ' Jean-Pierre ', { ok: true, value: 'Jean-Pierre' }],
    ['first_name', '', { ok: false, code: 'MISSING_NAME' }],
    ['last_name', 'Sm1th', { ok: false, code: 'DIGITS_IN_NAME' }],
    ['last_name', 'x'.repeat(101), { ok: false, code: 'TOO_LONG' }],
    ['email', ' a@example.org ', { ok: true, value: 'a@example.org' }],
    ['email', '', { ok: true, value: '' }],
    ['email', 'a@b', { ok: false, code: 'INVALID_EMAIL' }],
    ['birth_date', '24.12.1990', { ok: true, value: '1990-12-24' }],
    ['birth_date', '', { ok: true, value: '' }],
    ['birth_date', '27.11.2026', { ok: false, code: 'FUTURE_DATE' }],
    ['birth_date', '31.02.1990', { ok: false, code: 'INVALID_DATE' }],
    ['language', 'FR', { ok: true, value: 'fr' }],
    ['language', 'es', { ok: false, code: 'UNKNOWN_LANGUAGE' }],
    ['phone', '+33612345678', { ok: true, value: '+33612345678' }],
    ['phone', ' +33 6 12 34 56 78 ', { ok: true, value: '+33612345678' }],
    ['phone', '0033 (0)6', { ok: false, code: 'INVALID_PHONE' }],
    ['phone', '0033612345678', { ok: true, value: '+33612345678' }],
    ['phone', '06 12 34 56 78', { ok: false, code: 'INVALID_PHONE' }],
    ['phone', '+1234567890123456', { ok: false, code: 'INVALID_PHONE' }],
    ['phone', '', { ok: true, value: '' }],
  ] as const)('reads %s %j', (code, raw, expected) => {
    expect(contactColumn(code).read(raw, TODAY)).toMatchObject(expected);
  });

  it('names the column of a message by the label given (the API property)', () => {
    expect(contactColumn('first_name').read('R2D2', TODAY, 'firstName')).toMatchObject({
      message: expect.stringMatching(/^firstName "R2D2" contains digits/),
    });
    expect(contactColumn('last_name').read('', TODAY)).toMatchObject({
      message: 'last_name is empty; a contact needs a first and a last name',
    });
  });

  it('parses without the quality checks, as an import reads every [new] cell', () => {
    expect(contactColumn('email').parse(' a@b ')).toEqual({ ok: true, value: 'a@b' });
    expect(contactColumn('first_name').parse('')).toEqual({ ok: true, value: '' });
  });

  it('stores empty as NULL in nullable columns, and answers null for it', () => {
    expect(CONTACT_COLUMNS.map((column) => column.stored(''))).toEqual(['', '', '', null, null, null]);
    expect(CONTACT_COLUMNS.map((column) => column.toApi(''))).toEqual(['', '', '', null, null, null]);
    expect(contactColumn('language').stored('fr')).toBe('fr');
  });

  it('reads each column back in template form', () => {
    expect(CONTACT_COLUMNS.map((column) => column.select())).toEqual([
      'first_name',
      'last_name',
      'email',
      "DATE_FORMAT(birth_date, '%Y-%m-%d')",
      'language',
      'phone',
    ]);
    expect(contactColumn('birth_date').select('c')).toBe("DATE_FORMAT(c.birth_date, '%Y-%m-%d')");
  });

  it('lists with each column the issue codes its rules answer, and only those', () => {
    // Cells that break every rule of the table; a new rule needs a cell here that breaks it.
    const probes = [
      '',
      ' ',
      'x'.repeat(300),
      'R2D2',
      'a@b',
      'a..b@example.org',
      `${'a'.repeat(250)}@example.org`,
      'yesterday',
      '31.02.1990',
      '01.01.1700',
      '2999-01-01',
      'es',
      '+1',
      '06 12 34 56 78',
      '+33612345678',
    ];
    // What a contacts import checks beyond the column's rules (contact-emails.ts), by column.
    const importChecks: Record<string, string[]> = { email: ['EMAIL_ALREADY_USED', 'DUPLICATE_EMAIL_IN_FILE'] };
    for (const column of CONTACT_COLUMNS) {
      const answered = new Set(
        probes.flatMap((raw) => {
          const read = column.read(raw, TODAY);
          return read.ok ? [] : [read.code];
        }),
      );
      expect({ [column.code]: [...column.issueCodes].sort() }).toEqual({
        [column.code]: [...answered, ...(importChecks[column.code] ?? [])].sort(),
      });
    }
  });
});
