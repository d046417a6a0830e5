import { InflateBudget, RATIO_FLOOR_BYTES } from './inflate-budget';

describe('InflateBudget: the bytes really inflated against the zip limits', () => {
  it('counts every entry towards one total', () => {
    const budget = new InflateBudget({ maxUnzippedBytes: 1000, maxRatio: 10 });
    expect(budget.count(600, 600, 600)).toBeUndefined();
    expect(budget.count(400, 400, 400)).toBeUndefined(); // exactly the limit
    expect(budget.count(1, 1, 1)).toBe('ZIP_TOO_LARGE'); // another entry, one byte more
  });

  it('judges the ratio of one entry only past RATIO_FLOOR_BYTES', () => {
    const budget = new InflateBudget({ maxUnzippedBytes: 100 * RATIO_FLOOR_BYTES, maxRatio: 10 });
    expect(budget.count(RATIO_FLOOR_BYTES, RATIO_FLOOR_BYTES, 1)).toBeUndefined(); // far compressed, but small
    expect(budget.count(1, RATIO_FLOOR_BYTES + 1, RATIO_FLOOR_BYTES / 10 + 1)).toBeUndefined(); // under 10:1
    expect(budget.count(1, RATIO_FLOOR_BYTES + 2, RATIO_FLOOR_BYTES / 20)).toBe('ZIP_RATIO');
    expect(budget.count(RATIO_FLOOR_BYTES, 2 * RATIO_FLOOR_BYTES, 0)).toBe('ZIP_RATIO'); // no compressed byte counted yet: as if one
  });
});
