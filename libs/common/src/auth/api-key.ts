import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** API keys are shown once and stored as their SHA-256: a long random key needs no slow hash. */
export function newApiKey(): string {
  return `cmu_${randomBytes(32).toString('base64url')}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * Constant-time comparison of two secrets: their SHA-256 digests are compared, so neither the time nor an early return
 * tells the length of the expected value or the position of the first difference.
 */
export function safeEqual(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}
