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
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined || !safeEqual(signature, hmac(payload, secret))) {
    throw new DomainError(
      'INVALID_LINK',
      'This download link is not valid; use the link from the e-mail exactly as sent',
    );
  }
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SignedLinkClaims;
  if (claims.kind !== kind) {
    throw new DomainError('INVALID_LINK', 'This download link is not valid for this file');
  }
  if (claims.exp * 1000 < now) {
    throw new DomainError('LINK_EXPIRED', 'This download link has expired; ask for the file again');
  }
  return claims;
}

function hmac(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}
