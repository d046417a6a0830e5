import { DomainError, NotFoundError } from '@app/common';
import { FakeCodes, FakeContacts } from '../testing/fake-repositories';
import { ContactsService, MAX_BULK_CONTACTS } from './contacts.service';
import type { CreateContactDto } from './dto/create-contact.dto';

const INSTITUTION = 1;
const OTHER = 2;

describe('ContactsService', () => {
  let codes: FakeCodes;
  let contacts: FakeContacts;
  let service: ContactsService;

  beforeEach(async () => {
    codes = new FakeCodes();
    contacts = new FakeContacts(codes);
    service = new ContactsService(contacts.asRepository(), codes.asRepository());
    await codes.createCriterion(INSTITUTION, { code: 'MUSIC', label: 'Music', multiValued: true }, [
      { code: 'ROCK', label: 'Rock' },
      { code: 'JAZZ', label: 'Jazz' },
    ]);
    await codes.createCriterion(INSTITUTION, { code: 'CITY', label: 'City', multiValued: false }, [
      { code: 'LILLE', label: 'Lille' },
      { code: 'PARIS', label: 'Paris' },
    ]);
    await codes.createAuthorization(INSTITUTION, { code: 'SMS', label: 'SMS' });
    await codes.createAuthorization(INSTITUTION, { code: 'NEWSLETTER', label: 'Newsletter' });
  });

  const body = (extra: Partial<CreateContactDto> = {}) =>
    ({ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.org', ...extra }) as CreateContactDto;

  it('creates a contact and answers it with every criterion and authorization of the institution', async () => {
    const created = await service.create(
      INSTITUTION,
      body({ birthDate: '1915-12-10', criteria: { MUSIC: ['ROCK', 'JAZZ', 'ROCK'] }, authorizations: { SMS: false } }),
    );
    expect(created).toEqual({
      id: expect.any(Number),
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.org',
      birthDate: '1915-12-10',
      language: null,
      phone: null,
      criteria: { CITY: [], MUSIC: ['JAZZ', 'ROCK'] },
      authorizations: { NEWSLETTER: null, SMS: false },
    });
    expect(await service.get(INSTITUTION, created.id)).toEqual(created);
  });

  it('stores the columns in their stored form: empty birth date and language as empty, authorizations left empty unsent', async () => {
    const [id] = await service.createMany(INSTITUTION, [
      body({ email: '', birthDate: null, language: 'de', authorizations: { SMS: null } }),
    ]);
    expect(contacts.contacts.find((contact) => contact.id === id)).toMatchObject({
      values: { first_name: 'Ada', last_name: 'Lovelace', email: '', birth_date: '', language: 'de', phone: '' },
      criterionValues: [],
      authorizations: [],
    });
  });

  it.each([
    [{ criteria: { NOPE: ['A'] } }, 'UNKNOWN_CRITERION', '[1].criteria.NOPE: unknown criterion code NOPE'],
    [{ criteria: { MUSIC: ['BLUES'] } }, 'UNKNOWN_VALUE_CODE', '[1].criteria.MUSIC: BLUES is not a value'],
    [{ criteria: { MUSIC: 'ROCK' } }, 'INVALID_CRITERION_VALUES', '[1].criteria.MUSIC: must be an array'],
    [{ criteria: { CITY: ['LILLE', 'PARIS'] } }, 'TOO_MANY_VALUES', '[1].criteria.CITY: criterion CITY is single'],
    [{ authorizations: { FAX: true } }, 'UNKNOWN_AUTHORIZATION', '[1].authorizations.FAX: unknown'],
    [{ authorizations: { SMS: 'yes' } }, 'INVALID_AUTHORIZATION_VALUE', '[1].authorizations.SMS: must be true'],
  ])('refuses a bulk with %j as a whole, naming the index: %s', async (extra, code, message) => {
    const error = await service
      .createMany(INSTITUTION, [body(), body(extra as Partial<CreateContactDto>)])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code, status: 400, message: expect.stringContaining(message) });
    expect(contacts.contacts).toEqual([]);
  });

  it('refuses an empty bulk or one over the limit', async () => {
    await expect(service.createMany(INSTITUTION, [])).rejects.toMatchObject({ code: 'INVALID_BULK_SIZE' });
    const many = Array.from({ length: MAX_BULK_CONTACTS + 1 }, () => body());
    await expect(service.createMany(INSTITUTION, many)).rejects.toMatchObject({ code: 'INVALID_BULK_SIZE' });
  });

  it("reads the codes of the contact's own institution only", async () => {
    await expect(service.create(OTHER, body({ criteria: { MUSIC: ['ROCK'] } }))).rejects.toMatchObject({
      code: 'UNKNOWN_CRITERION',
    });
    const { id } = await service.create(INSTITUTION, body());
    await expect(service.get(OTHER, id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('answers ids in the order sent', async () => {
    const ids = await service.createMany(INSTITUTION, [body({ lastName: 'One' }), body({ lastName: 'Two' })]);
    expect(await Promise.all(ids.map(async (id) => (await service.get(INSTITUTION, id)).lastName))).toEqual([
      'One',
      'Two',
    ]);
  });
});
