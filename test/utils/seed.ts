import { randomBytes } from 'node:crypto';
import { expectStatus, targetsClient } from './api';
import { ADMIN_KEY } from './test-app';

/** Creates an institution through POST /institutions with the admin key. */
export async function createInstitution(
  targetsUrl: string,
  code?: string,
): Promise<{ id: number; code: string; apiKey: string }> {
  const institutionCode = code ?? `INST_${randomBytes(5).toString('hex')}`;
  const created = expectStatus(
    await targetsClient(targetsUrl, ADMIN_KEY).POST('/institutions', {
      body: { code: institutionCode, name: `Institution ${institutionCode}` },
    }),
    201,
  );
  return { id: created.id, code: created.code, apiKey: created.apiKey };
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

/** Creates criteria, authorizations and contacts through the targets API; answers the contact ids in order. */
export async function seed(targetsUrl: string, apiKey: string, spec: SeedSpec): Promise<{ contactIds: number[] }> {
  const targets = targetsClient(targetsUrl, apiKey);
  for (const criterion of spec.criteria ?? []) {
    const body = {
      code: criterion.code,
      label: `Criterion ${criterion.code}`,
      multiValued: criterion.multiValued,
      values: criterion.values.map((code) => ({ code, label: `Value ${code}` })),
    };
    expectStatus(await targets.POST('/criteria', { body }), 201);
  }
  for (const code of spec.authorizations ?? []) {
    expectStatus(await targets.POST('/authorizations', { body: { code, label: `Authorization ${code}` } }), 201);
  }
  const contactIds: number[] = [];
  for (let start = 0; start < spec.contacts.length; start += BULK_CHUNK) {
    const created = expectStatus(
      await targets.POST('/contacts/bulk', { body: spec.contacts.slice(start, start + BULK_CHUNK) }),
      201,
    );
    contactIds.push(...created.ids);
  }
  return { contactIds };
}

/**
 * A number spelled in letters (0 -> "a", 25 -> "z", 26 -> "ba"), for generated contact names: names hold
 * no digits, in the targets API as in a contacts import.
 */
export function letters(i: number): string {
  return [...i.toString(26)].map((digit) => String.fromCharCode(97 + parseInt(digit, 26))).join('');
}
