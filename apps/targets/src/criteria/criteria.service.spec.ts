import { NotFoundError } from '@app/common';
import { FakeCodes } from '../testing/fake-repositories';
import { CriteriaService } from './criteria.service';

const INSTITUTION = 1;

describe('CriteriaService', () => {
  let codes: FakeCodes;
  let service: CriteriaService;

  beforeEach(() => {
    codes = new FakeCodes();
    service = new CriteriaService(codes.asRepository());
  });

  const music = {
    code: 'MUSIC',
    label: 'Music',
    multiValued: true,
    values: [
      { code: 'ROCK', label: 'Rock' },
      { code: 'JAZZ', label: 'Jazz' },
    ],
  };

  it('creates a criterion and answers its values sorted by code, all active', async () => {
    expect(await service.create(INSTITUTION, music)).toEqual({
      id: expect.any(Number),
      code: 'MUSIC',
      label: 'Music',
      multiValued: true,
      values: [
        { code: 'JAZZ', label: 'Jazz', active: true },
        { code: 'ROCK', label: 'Rock', active: true },
      ],
    });
    expect((await service.list(INSTITUTION)).map((criterion) => criterion.code)).toEqual(['MUSIC']);
    expect(await service.list(2)).toEqual([]);
  });

  it('refuses a code taken (409) and a value listed twice (400, naming its index)', async () => {
    await service.create(INSTITUTION, music);
    await expect(service.create(INSTITUTION, music)).rejects.toMatchObject({ code: 'CRITERION_EXISTS', status: 409 });
    const twice = { ...music, code: 'OTHER', values: [...music.values, { code: 'ROCK', label: 'again' }] };
    await expect(service.create(INSTITUTION, twice)).rejects.toMatchObject({
      code: 'DUPLICATE_VALUE',
      message: expect.stringContaining('values[2].code: value ROCK is listed twice'),
    });
  });

  it('adds values, refusing codes the criterion has (409) and unknown criteria (404)', async () => {
    await service.create(INSTITUTION, music);
    expect((await service.addValues(INSTITUTION, 'MUSIC', [{ code: 'POP', label: 'Pop' }])).map((v) => v.code)).toEqual(
      ['JAZZ', 'POP', 'ROCK'],
    );
    await expect(service.addValues(INSTITUTION, 'MUSIC', [{ code: 'JAZZ', label: 'x' }])).rejects.toMatchObject({
      code: 'VALUE_EXISTS',
      status: 409,
      message: expect.stringContaining('JAZZ'),
    });
    await expect(service.addValues(INSTITUTION, 'NOPE', [{ code: 'A', label: 'a' }])).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(service.values(2, 'MUSIC')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('answers VALUE_EXISTS when a value appears between the check and the insert', async () => {
    await service.create(INSTITUTION, music);
    jest.spyOn(codes, 'addCriterionValues').mockResolvedValueOnce(false);
    await expect(service.addValues(INSTITUTION, 'MUSIC', [{ code: 'POP', label: 'Pop' }])).rejects.toMatchObject({
      code: 'VALUE_EXISTS',
    });
  });
});
