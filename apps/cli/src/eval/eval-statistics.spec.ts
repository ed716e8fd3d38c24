import { describe, expect, it } from '@jest/globals';
import { latencyPercentiles, wilsonInterval } from './eval-statistics.js';

describe('wilsonInterval', () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I, method 3.
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
    [29, 29, 0.883, 1],
  ])('%d/%d is %f to %f', (successes, total, low, high) => {
    const interval = wilsonInterval(successes, total);
    expect(interval.low).toBeCloseTo(low, 4);
    expect(interval.high).toBeCloseTo(high, 4);
  });

  it('has no rate and the whole range with no items, and refuses impossible counts', () => {
    expect(wilsonInterval(0, 0)).toEqual({ successes: 0, total: 0, rate: null, low: 0, high: 1 });
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 2)).toThrow(RangeError);
  });
});

describe('latencyPercentiles', () => {
  it('interpolates between ranks', () => {
    expect(latencyPercentiles([40, 10, 30, 20])).toEqual({ p50: 25, p95: 38.5 });
    expect(latencyPercentiles([])).toEqual({ p50: null, p95: null });
  });
});
