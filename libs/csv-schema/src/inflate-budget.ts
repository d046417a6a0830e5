/** What unzipping an upload may produce, whatever its zip headers declare. */
export interface InflateLimits {
  /** Most bytes all the entries inflated together may hold. */
  maxUnzippedBytes: number;
  /** Most times its compressed bytes one entry may inflate to, once past RATIO_FLOOR_BYTES. */
  maxRatio: number;
}

export type InflateLimitCode = 'ZIP_TOO_LARGE' | 'ZIP_RATIO';

/**
 * Below this an entry's ratio is not judged: a small part of any zip may compress far (an XML part of repeated tags).
 */
export const RATIO_FLOOR_BYTES = 1024 * 1024;

/**
 * Counts the bytes really inflated, chunk by chunk, against the limits: the one rule for a zipped CSV (the import
 * app's InflateGuard) and for every part of a workbook (readXlsx). Headers can lie about sizes; the inflated bytes
 * cannot.
 */
export class InflateBudget {
  private total = 0;

  constructor(readonly limits: InflateLimits) {}

  /**
   * Counts `bytes` more inflated bytes of one entry, which has now given `entryBytes` (these included) out of
   * `compressedBytes`; answers the limit this breaks, if any.
   */
  count(bytes: number, entryBytes: number, compressedBytes: number): InflateLimitCode | undefined {
    this.total += bytes;
    if (this.total > this.limits.maxUnzippedBytes) return 'ZIP_TOO_LARGE';
    if (entryBytes > RATIO_FLOOR_BYTES && entryBytes / Math.max(compressedBytes, 1) > this.limits.maxRatio)
      return 'ZIP_RATIO';
    return undefined;
  }
}
