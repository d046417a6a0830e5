import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError } from '../errors/domain-error';
import {
  digestingStream,
  IDEMPOTENCY_KEY_MAX_LENGTH,
  parseIdempotencyKey,
  replayIdempotent,
  requestDigest,
} from './idempotency-key';

describe('parseIdempotencyKey', () => {
  it('answers the trimmed key, or none for an absent or blank header', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
    expect(parseIdempotencyKey('')).toBeUndefined();
    expect(parseIdempotencyKey('   ')).toBeUndefined();
    expect(parseIdempotencyKey('  export-2026-11-26  ')).toBe('export-2026-11-26');
  });

  it('takes 255 characters (the column) and refuses 256 with 400 INVALID_IDEMPOTENCY_KEY, never cuts', () => {
    expect(IDEMPOTENCY_KEY_MAX_LENGTH).toBe(255);
    const longest = 'é'.repeat(255);
    expect(parseIdempotencyKey(` ${longest} `)).toBe(longest);
    let error: unknown;
    try {
      parseIdempotencyKey(longest + 'x');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: 'INVALID_IDEMPOTENCY_KEY',
      status: 400,
      message: expect.stringContaining('at most 255 characters (it has 256)'),
    });
  });
});

describe('requestDigest', () => {
  const request = { dataType: 'criteria', targetId: 3, fields: ['A', 'B'], email: null, locale: 'fr' };

  it('is 64 hex characters, the same whatever the key order, absent and undefined alike', () => {
    const digest = requestDigest(request);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(requestDigest({ locale: 'fr', email: null, fields: ['A', 'B'], targetId: 3, dataType: 'criteria' })).toBe(
      digest,
    );
    expect(requestDigest({ ...request, delimiter: undefined })).toBe(digest);
  });

  it('differs when any value differs, null and a missing value included', () => {
    const others = [
      { ...request, targetId: 4 },
      { ...request, fields: ['B', 'A'] },
      { ...request, email: 'a@example.org' },
      { ...request, locale: 'en' },
      { ...request, targetId: '3' },
      { dataType: 'criteria', targetId: 3, fields: ['A', 'B'], locale: 'fr' },
    ];
    const digests = new Set([request, ...others].map(requestDigest));
    expect(digests.size).toBe(others.length + 1);
  });
});

describe('digestingStream', () => {
  it('passes the bytes through and answers their SHA-256 once they ended', async () => {
    const bytes = Buffer.from('contact_id,[new] MUSIC\r\n1,JAZZ\r\n');
    const { stream, digest } = digestingStream();
    const out: Buffer[] = [];
    await pipeline(Readable.from([bytes.subarray(0, 10), bytes.subarray(10)]), stream, async (source) => {
      for await (const chunk of source) out.push(chunk as Buffer);
    });
    expect(Buffer.concat(out)).toEqual(bytes);
    expect(digest()).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});

describe('replayIdempotent', () => {
  const digest = requestDigest({ mode: 'validate' });

  it('answers the job when the request is the same, or when the job predates digests', () => {
    const job = { id: 42, idempotencyDigest: digest };
    expect(replayIdempotent(job, digest, 'import')).toBe(job);
    const older = { id: 7, idempotencyDigest: null };
    expect(replayIdempotent(older, digest, 'import')).toBe(older);
  });

  it('refuses another request with 422 IDEMPOTENCY_KEY_REUSED naming the job', () => {
    const job = { id: 42, idempotencyDigest: requestDigest({ mode: 'apply' }) };
    expect(() => replayIdempotent(job, digest, 'import')).toThrow(
      expect.objectContaining({
        code: 'IDEMPOTENCY_KEY_REUSED',
        status: 422,
        message: expect.stringContaining('already used for import 42, with another request'),
      }),
    );
  });
});
