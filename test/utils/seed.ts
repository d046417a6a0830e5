import { randomBytes } from 'node:crypto';
import { http } from './http';
import { ADMIN_KEY } from './test-app';

/** Creates an institution through POST /institutions with the admin key. */
export async function createInstitution(targetsUrl: string, code?: string): Promise<{ id: number; code: string; apiKey: string }> {
  const institutionCode = code ?? `INST_${randomBytes(5).toString('hex')}`;
  const res = await http('POST', `${targetsUrl}/institutions`, { key: ADMIN_KEY, json: { code: institutionCode, name: `Institution ${institutionCode}` } });
  if (res.status !== 201) throw new Error(`POST /institutions answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { id: res.body.id, code: res.body.code, apiKey: res.body.apiKey };
}

export interface ContactInput {
  firstName: string;
  lastName: string;
  email: string;
  criteria?: Record<string, string[]>;
  authorizations?: Record<string, boolean | null>;
}

export interface SeedSpec {
  criteria?: { code: string; multiValued: boolean; values: string[] }[];
  authorizations?: string[];
  contacts: ContactInput[];
}

const BULK_CHUNK = 10000;

/** Creates criteria, authorizations and contacts through the targets HTTP API; answers the contact ids in order. */
export async function seed(targetsUrl: string, apiKey: string, spec: SeedSpec): Promise<{ contactIds: number[] }> {
  const expect201 = (what: string, res: { status: number; body: unknown }) => {
    if (res.status !== 201) throw new Error(`${what} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`);
  };
  for (const criterion of spec.criteria ?? []) {
    const json = {
      code: criterion.code,
      label: `Criterion ${criterion.code}`,
      multiValued: criterion.multiValued,
      values: criterion.values.map((code) => ({ code, label: `Value ${code}` })),
    };
    expect201(`POST /criteria ${criterion.code}`, await http('POST', `${targetsUrl}/criteria`, { key: apiKey, json }));
  }
  for (const code of spec.authorizations ?? []) {
    expect201(
      `POST /authorizations ${code}`,
      await http('POST', `${targetsUrl}/authorizations`, { key: apiKey, json: { code, label: `Authorization ${code}` } }),
    );
  }
  const contactIds: number[] = [];
  for (let start = 0; start < spec.contacts.length; start += BULK_CHUNK) {
    const res = await http('POST', `${targetsUrl}/contacts/bulk`, { key: apiKey, json: spec.contacts.slice(start, start + BULK_CHUNK) });
    expect201('POST /contacts/bulk', res);
    contactIds.push(...(res.body.ids as number[]));
  }
  return { contactIds };
}
