import { createHmac } from 'node:crypto';
import { DomainError } from '../errors/domain-error';
import type { SignedLinkClaims } from './signed-link';
import { signLink, verifyLink } from './signed-link';

const SECRET = 'a-test-signing-key-of-enough-length-0123456789';
const NOW = Date.UTC(2026, 0, 1);
const claims: SignedLinkClaims = { kind: 'import-report', id: 7, institutionId: 3, exp: NOW / 1000 + 60 };

/** A token whose payload is any text, signed with the right secret (as only a holder of the secret could). */
const signedRaw = (text: string) => {
  const payload = Buffer.from(text).toString('base64url');
  return `${payload}.${createHmac('sha256', SECRET).update(payload).digest('base64url')}`;
};
/** The code of the DomainError `run` throws, with its status when it is not the INVALID_LINK/403 pair. */
const codeOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    const { code, status } = error as DomainError;
    return code === 'INVALID_LINK' && status !== 403 ? `${code} ${status}` : code;
  }
  return 'none';
};

describe('verifyLink', () => {
  it('returns the claims of a link it signed', () => {
    expect(verifyLink(signLink(claims, SECRET), 'import-report', SECRET, NOW)).toEqual(claims);
  });

  it('answers LINK_EXPIRED after exp and INVALID_LINK for another kind or secret', () => {
    const token = signLink(claims, SECRET);
    expect(codeOf(() => verifyLink(token, 'import-report', SECRET, NOW + 61_000))).toBe('LINK_EXPIRED');
    expect(codeOf(() => verifyLink(token, 'template-export', SECRET, NOW))).toBe('INVALID_LINK');
    expect(codeOf(() => verifyLink(token, 'import-report', `${SECRET}x`, NOW))).toBe('INVALID_LINK');
  });

  it.each([
    ['not base64url', '%%%.%%%'],
    ['no signature', 'abc'],
    ['three parts', 'a.b.c'],
    ['empty', ''],
    ['dots only', '..'],
  ])('answers INVALID_LINK (403) to a malformed token: %s', (_name, token) => {
    expect(codeOf(() => verifyLink(token, 'import-report', SECRET, NOW))).toBe('INVALID_LINK');
  });

  it.each([
    ['not JSON', 'not json {'],
    ['null', 'null'],
    ['a number', '42'],
    ['an array', '[1, 2]'],
    ['no exp', JSON.stringify({ kind: 'import-report', id: 7, institutionId: 3 })],
    ['a text id', JSON.stringify({ ...claims, id: '7' })],
    ['invalid UTF-8', '\u00ff\u00fe'],
  ])('answers INVALID_LINK (403), not a 500, to a signed payload that is %s', (_name, text) => {
    const token = signedRaw(text);
    expect(codeOf(() => verifyLink(token, 'import-report', SECRET, NOW))).toBe('INVALID_LINK');
  });
});
