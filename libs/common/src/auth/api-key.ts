import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** API keys are shown once and stored as their SHA-256: a long random key needs no slow hash. */
export function newApiKey(): string {
  return `cmu_${randomBytes(32).toString('base64url')}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
