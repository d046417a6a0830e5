import { createHmac } from 'node:crypto';
import { DomainError } from '../errors/domain-error';
import { safeEqual } from './api-key';

/** What a signed link grants: one file of one institution, until it expires. */
export interface SignedLinkClaims {
  kind: 'template-export' | 'import-report';
  id: number;
  institutionId: number;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/** A URL-safe token `<payload>.<hmac>` for e-mail recipients who have no API key. */
export function signLink(claims: SignedLinkClaims, secret: string): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${hmac(payload, secret)}`;
}

/** Checks a token: 403 when tampered with, 410 when expired. */
export function verifyLink(
  token: string,
  kind: SignedLinkClaims['kind'],
  secret: string,
  now = Date.now(),
): SignedLinkClaims {
  const invalid = () =>
    new DomainError('INVALID_LINK', 'This download link is not valid; use the link from the e-mail exactly as sent');
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined || !safeEqual(signature, hmac(payload, secret))) throw invalid();
  // Signed but not the claims signLink writes (not base64url JSON, or another shape): 403 too, never a 500.
  const claims = parseClaims(payload);
  if (!claims) throw invalid();
  if (claims.kind !== kind) {
    throw new DomainError('INVALID_LINK', 'This download link is not valid for this file');
  }
  if (claims.exp * 1000 < now) {
    throw new DomainError('LINK_EXPIRED', 'This download link has expired; ask for the file again');
  }
  return claims;
}

function parseClaims(payload: string): SignedLinkClaims | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const claims = value as Partial<Record<keyof SignedLinkClaims, unknown>>;
  const wellFormed =
    typeof claims.kind === 'string' &&
    Number.isSafeInteger(claims.id) &&
    Number.isSafeInteger(claims.institutionId) &&
    typeof claims.exp === 'number' &&
    Number.isFinite(claims.exp);
  return wellFormed ? (value as SignedLinkClaims) : undefined;
}

function hmac(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}
