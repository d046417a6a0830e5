import { DomainError, NotFoundError } from '@app/common';
import type { TargetResolver } from '@app/targeting';
import { compileRule } from '@app/targeting';
import { FakeCodes, FakeContacts, FakeTargets } from '../testing/fake-repositories';
import { PREVIEW_SAMPLE_SIZE, TargetsService } from './targets.service';

const INSTITUTION = 1;

describe('TargetsService', () => {
  let codes: FakeCodes;
  let contacts: FakeContacts;
  let targets: FakeTargets;
  let service: TargetsService;

  beforeEach(async () => {
    codes = new FakeCodes();
    contacts = new FakeContacts(codes);
    targets = new FakeTargets();
    await codes.createCriterion(INSTITUTION, { code: 'MUSIC', label: 'Music', multiValued: true }, [
      { code: 'JAZZ', label: 'Jazz' },
    ]);
    // The resolver as the lib builds it: the saved rule compiled against the institution's codes.
    const resolver = {
      resolve: async (institutionId: number, id: number) => {
        const target = await targets.findOne(institutionId, id);
        if (!target) throw new NotFoundError('Target', id);
        const rule = target.rule as never;
        return { target, rule, where: compileRule(rule, await codes.codeMaps(institutionId)) };
      },
    } as unknown as TargetResolver;
    service = new TargetsService(targets.asRepository(), codes.asRepository(), contacts.asRepository(), resolver);
  });

  const jazz = { name: 'Jazz lovers', rule: { criterion: 'MUSIC', in: ['JAZZ'] } };

  it('saves a target whose rule compiles against the codes, and lists, reads, updates and deletes it', async () => {
    const created = await service.create(INSTITUTION, jazz);
    expect(created).toEqual({ id: expect.any(Number), ...jazz });
    expect(await service.list(INSTITUTION)).toEqual([created]);
    const renamed = await service.update(INSTITUTION, created.id, { name: 'Everyone', rule: { all: [] } });
    expect(renamed).toEqual({ id: created.id, name: 'Everyone', rule: { all: [] } });
    expect(await service.get(INSTITUTION, created.id)).toEqual(renamed);
    await service.remove(INSTITUTION, created.id);
    await expect(service.get(INSTITUTION, created.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.remove(INSTITUTION, created.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses a rule naming a code the institution does not have, or of the wrong shape, and saves nothing', async () => {
    await expect(
      service.create(INSTITUTION, { name: 'x', rule: { criterion: 'MUSIC', in: ['BLUES'] } }),
    ).rejects.toThrow(DomainError);
    await expect(service.create(2, jazz)).rejects.toThrow(DomainError);
    await expect(service.create(INSTITUTION, { name: 'x', rule: { every: [] } })).rejects.toThrow(DomainError);
    expect(targets.targets).toEqual([]);
  });

  it("keeps another institution's target out of reach", async () => {
    const { id } = await service.create(INSTITUTION, jazz);
    await expect(service.get(2, id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.update(2, id, jazz)).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.preview(2, id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("previews the count and a sample of the target's contacts, scoped to the institution", async () => {
    const { id } = await service.create(INSTITUTION, jazz);
    contacts.preview = { count: 1, sample: [{ id: 7, firstName: 'Ada', lastName: 'Lovelace', email: '' }] };
    expect(await service.preview(INSTITUTION, id)).toEqual(contacts.preview);
    expect(contacts.previews).toEqual([
      {
        condition: {
          sql: expect.stringMatching(/^c\.institution_id = \? AND \(/),
          params: [INSTITUTION, expect.anything()],
        },
        size: PREVIEW_SAMPLE_SIZE,
      },
    ]);
  });
});
