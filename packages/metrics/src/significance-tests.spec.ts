import { describe, expect, it } from '@jest/globals';
import { mannWhitneyU, normalCdf, twoProportionZTest } from './significance-tests.js';

// Expected values from scipy 1.17: stats.norm, stats.mannwhitneyu(a, b, method='asymptotic'), and the
// pooled z statistic z = (p1 - p2) / sqrt(p (1 - p) (1/n1 + 1/n2)) with p = 2 * norm.sf(|z|).
describe('normalCdf', () => {
  it('matches scipy.stats.norm.cdf', () => {
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 6);
    expect(normalCdf(-3.5)).toBeCloseTo(0.00023262907903552502, 7);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
  });
});

describe('twoProportionZTest', () => {
  it('matches the pooled z-test for 45/50 against 35/50 and 420/500 against 380/500', () => {
    const small = twoProportionZTest(45, 50, 35, 50);
    expect(small.statistic).toBeCloseTo(2.5, 9);
    expect(small.p_value).toBeCloseTo(0.012419330651552235, 6);
    const large = twoProportionZTest(380, 500, 420, 500);
    expect(large.statistic).toBeCloseTo(-3.1622776601683777, 9);
    expect(large.p_value).toBeCloseTo(0.001565402258002556, 6);
  });

  it('says nothing can be told apart when both rates are 0 or 1, or a sample is empty', () => {
    expect(twoProportionZTest(30, 30, 40, 40)).toEqual({ statistic: 0, p_value: 1 });
    expect(twoProportionZTest(0, 30, 0, 40)).toEqual({ statistic: 0, p_value: 1 });
    expect(twoProportionZTest(3, 0, 0, 40)).toEqual({ statistic: 0, p_value: 1 });
  });
});

describe('mannWhitneyU', () => {
  it('matches scipy for two latency samples with a tie across them', () => {
    const a = [12.1, 15.3, 9.8, 20.0, 14.2, 11.1, 13.3, 18.4, 10.0, 16.6, 12.1];
    const b = [22.5, 19.9, 25.1, 18.4, 30.2, 21.0, 24.4, 12.1, 27.7, 23.3];
    const result = mannWhitneyU(a, b);
    expect(result.statistic).toBe(9.5);
    expect(result.p_value).toBeCloseTo(0.0015037374960063126, 6);
  });

  it('keeps a tiny p-value (scipy: 6.83e-14 for two separated samples of 40)', () => {
    const result = mannWhitneyU(
      Array.from({ length: 40 }, (_, index) => 100 + index * 3),
      Array.from({ length: 40 }, (_, index) => 200 + index * 3),
    );
    expect(result.statistic).toBe(21);
    expect(result.p_value / 6.828847854229994e-14).toBeCloseTo(1, 4);
  });

  it('applies the tie correction when most values are tied', () => {
    const a = [...Array<number>(20).fill(5), ...Array<number>(10).fill(6)];
    const b = [...Array<number>(10).fill(5), ...Array<number>(20).fill(6), ...Array<number>(5).fill(7)];
    const result = mannWhitneyU(a, b);
    expect(result.statistic).toBe(300);
    expect(result.p_value).toBeCloseTo(0.0009789336314436623, 6);
  });

  it('gives p = 1 for identical samples, and for samples that are one repeated value', () => {
    const same = Array.from({ length: 10 }, (_, index) => index + 1);
    expect(mannWhitneyU(same, same)).toEqual({ statistic: 50, p_value: 1 });
    expect(mannWhitneyU([3, 3, 3], [3, 3])).toEqual({ statistic: 3, p_value: 1 });
    expect(mannWhitneyU([], [1])).toEqual({ statistic: 0, p_value: 1 });
  });
});
