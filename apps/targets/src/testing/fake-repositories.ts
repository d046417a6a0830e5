// In-memory stand-ins of the repositories the targets services use, for their unit specs: the services'
// logic (codes to ids, errors, answers) without a database. The SQL itself is tested end to end.
import type { ContactValues } from '@app/common';
import type {
  Authorization,
  CodeLabel,
  CodeMaps,
  CodesRepository,
  ContactCondition,
  ContactsRepository,
  ContactSummary,
  Criterion,
  NewContact,
  Target,
  TargetsRepository,
} from '@app/database';

const byCode = <T extends { code: string }>(a: T, b: T) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/** Criteria, values and authorizations of institutions, as CodesRepository answers them. */
export class FakeCodes {
  private nextId = 1;
  readonly criteria: Criterion[] = [];
  readonly authorizations: Authorization[] = [];

  asRepository(): CodesRepository {
    return this as unknown as CodesRepository;
  }

  codeMaps(institutionId: number): Promise<CodeMaps> {
    const maps: CodeMaps = { criteria: new Map(), authorizations: new Map() };
    for (const criterion of this.criteria.filter((c) => c.institutionId === institutionId).sort(byCode)) {
      maps.criteria.set(criterion.code, {
        id: criterion.id,
        multiValued: criterion.multiValued,
        values: new Map([...criterion.values].sort(byCode).map((value) => [value.code, value.id])),
      });
    }
    for (const authorization of this.authorizations.filter((a) => a.institutionId === institutionId).sort(byCode))
      maps.authorizations.set(authorization.code, authorization.id);
    return Promise.resolve(maps);
  }

  listCriteria(institutionId: number): Promise<Criterion[]> {
    return Promise.resolve(this.criteria.filter((c) => c.institutionId === institutionId).sort(byCode));
  }

  findCriterion(institutionId: number, by: { code: string } | { id: number }): Promise<Criterion | null> {
    const found = this.criteria.find(
      (c) => c.institutionId === institutionId && ('id' in by ? c.id === by.id : c.code === by.code),
    );
    return Promise.resolve(found ?? null);
  }

  createCriterion(
    institutionId: number,
    criterion: CodeLabel & { multiValued: boolean },
    values: readonly CodeLabel[],
  ): Promise<number | null> {
    if (this.criteria.some((c) => c.institutionId === institutionId && c.code === criterion.code))
      return Promise.resolve(null);
    const id = this.nextId++;
    this.criteria.push({ id, institutionId, ...criterion, createdAt: new Date(), values: [] } as Criterion);
    return this.addCriterionValues(id, values).then(() => id);
  }

  addCriterionValues(criterionId: number, values: readonly CodeLabel[]): Promise<boolean> {
    const criterion = this.criteria.find((c) => c.id === criterionId)!;
    if (values.some((value) => criterion.values.some((v) => v.code === value.code))) return Promise.resolve(false);
    for (const value of values)
      criterion.values.push({ id: this.nextId++, criterionId, ...value, active: true } as Criterion['values'][number]);
    return Promise.resolve(true);
  }

  listAuthorizations(institutionId: number): Promise<Authorization[]> {
    return Promise.resolve(this.authorizations.filter((a) => a.institutionId === institutionId).sort(byCode));
  }

  createAuthorization(institutionId: number, authorization: CodeLabel): Promise<Authorization | null> {
    if (this.authorizations.some((a) => a.institutionId === institutionId && a.code === authorization.code))
      return Promise.resolve(null);
    const saved = { id: this.nextId++, institutionId, ...authorization, createdAt: new Date() };
    this.authorizations.push(saved);
    return Promise.resolve(saved);
  }
}

interface StoredContact extends NewContact {
  id: number;
  institutionId: number;
}

/** Contacts and their values, as ContactsRepository answers them. */
export class FakeContacts {
  private nextId = 100;
  readonly contacts: StoredContact[] = [];
  /** The conditions previewed, and what countAndSample answers. */
  readonly previews: { condition: ContactCondition; size: number }[] = [];
  preview: { count: number; sample: ContactSummary[] } = { count: 0, sample: [] };

  constructor(private readonly codes: FakeCodes) {}

  asRepository(): ContactsRepository {
    return this as unknown as ContactsRepository;
  }

  createMany(institutionId: number, contacts: readonly NewContact[]): Promise<number[]> {
    return Promise.resolve(
      contacts.map((contact) => {
        const id = this.nextId++;
        this.contacts.push({ id, institutionId, ...structuredClone(contact) });
        return id;
      }),
    );
  }

  findColumns(institutionId: number, ids: readonly number[]): Promise<Map<number, ContactValues>> {
    const found = this.contacts.filter((c) => c.institutionId === institutionId && ids.includes(c.id));
    return Promise.resolve(new Map(found.map((c) => [c.id, { ...c.values }])));
  }

  async criterionCodes(institutionId: number, contactId: number): Promise<Record<string, string[]>> {
    const contact = this.contacts.find((c) => c.id === contactId)!;
    const answer: Record<string, string[]> = {};
    for (const criterion of await this.codes.listCriteria(institutionId)) {
      answer[criterion.code] = criterion.values
        .filter((value) => contact.criterionValues.some(([c, v]) => c === criterion.id && v === value.id))
        .map((value) => value.code)
        .sort();
    }
    return answer;
  }

  async authorizationValues(institutionId: number, contactId: number): Promise<Record<string, boolean | null>> {
    const contact = this.contacts.find((c) => c.id === contactId)!;
    const answer: Record<string, boolean | null> = {};
    for (const authorization of await this.codes.listAuthorizations(institutionId))
      answer[authorization.code] = contact.authorizations.find(([a]) => a === authorization.id)?.[1] ?? null;
    return answer;
  }

  countAndSample(condition: ContactCondition, size: number): Promise<{ count: number; sample: ContactSummary[] }> {
    this.previews.push({ condition, size });
    return Promise.resolve(this.preview);
  }
}

/** Targets, as TargetsRepository answers them. */
export class FakeTargets {
  private nextId = 1;
  readonly targets: Target[] = [];

  asRepository(): TargetsRepository {
    return this as unknown as TargetsRepository;
  }

  create(institutionId: number, target: Pick<Target, 'name' | 'rule'>): Promise<Target> {
    const saved = { id: this.nextId++, institutionId, ...target } as Target;
    this.targets.push(saved);
    return Promise.resolve(saved);
  }

  list(institutionId: number): Promise<Target[]> {
    return Promise.resolve(this.targets.filter((t) => t.institutionId === institutionId));
  }

  findOne(institutionId: number, id: number): Promise<Target | null> {
    return Promise.resolve(this.targets.find((t) => t.institutionId === institutionId && t.id === id) ?? null);
  }

  update(institutionId: number, id: number, target: { name: string; rule: object }): Promise<void> {
    const found = this.targets.find((t) => t.institutionId === institutionId && t.id === id);
    if (found) Object.assign(found, target);
    return Promise.resolve();
  }

  remove(institutionId: number, id: number): Promise<boolean> {
    const at = this.targets.findIndex((t) => t.institutionId === institutionId && t.id === id);
    if (at >= 0) this.targets.splice(at, 1);
    return Promise.resolve(at >= 0);
  }
}
