import { describe, expect, it } from '@jest/globals';
import { sortSamples } from './float-samples.js';
import { percentileOfSorted } from './percentile.js';
import { selectPercentiles } from './select-percentiles.js';
import { createSeededRandom } from './testing/create-routing-records.js';

/** Brute force: sort a plain copy and apply the textbook type-7 definition with exact rational ranks. */
function referencePercentile(values: readonly number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((left, right) => left - right);
  const position = (sorted.length - 1) * fraction;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return (sorted[below] as number) + (position - below) * ((sorted[above] as number) - (sorted[below] as number));
}

describe('percentiles', () => {
  it('matches values worked by hand (NumPy and DuckDB quantile_cont agree on these)', () => {
    expect(percentileOfSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentileOfSorted([10, 20, 30, 40, 50], 0.95)).toBeCloseTo(48, 12);
    expect(percentileOfSorted([7], 0.99)).toBe(7);
    expect(percentileOfSorted([], 0.5)).toBeNull();
    expect(percentileOfSorted([1, 3], 0)).toBe(1);
    expect(percentileOfSorted([1, 3], 1)).toBe(3);
    expect(() => percentileOfSorted([1], 1.5)).toThrow(RangeError);
  });

  /** Splits values into 1–5 runs of random sizes, with spare capacity at the end of each, as accumulators leave them. */
  function splitIntoRuns(values: readonly number[], random: () => number): { values: Float64Array; length: number }[] {
    const runs: { values: Float64Array; length: number }[] = [];
    const parts = 1 + Math.floor(random() * 5);
    let from = 0;
    for (let part = 0; part < parts; part += 1) {
      const to = part === parts - 1 ? values.length : from + Math.floor(random() * (values.length - from + 1));
      const run = new Float64Array(to - from + 3).fill(-1);
      run.set(values.slice(from, to));
      runs.push({ values: run, length: to - from });
      from = to;
    }
    return runs;
  }

  it('selection across runs gives exactly the sorted-array result and the brute-force reference, on random data with ties', () => {
    const random = createSeededRandom(7);
    for (const size of [0, 1, 2, 3, 10, 101, 1000, 20_000]) {
      for (const spread of [5, 100_000]) {
        const values = Array.from({ length: size }, () => Math.round(random() * spread * 10) / 10);
        const sorted = Float64Array.from(values).sort();
        const runs = splitIntoRuns(values, random);
        const selected = selectPercentiles(runs, [0.5, 0.95, 0.99]);
        // Runs a reader thread sorted take the binary-search path, to the same answers.
        runs.forEach(sortSamples);
        const fromSorted = selectPercentiles(runs, [0.5, 0.95, 0.99]);
        [0.5, 0.95, 0.99].forEach((fraction, index) => {
          expect(selected[index]).toBe(percentileOfSorted(sorted, fraction));
          expect(fromSorted[index]).toBe(selected[index]);
          const reference = referencePercentile(values, fraction);
          if (reference === null) expect(selected[index]).toBeNull();
          else expect(selected[index]).toBeCloseTo(reference, 9);
        });
      }
    }
  });

  it('stays fast on adversarial input (all equal, sorted, reversed)', () => {
    const size = 200_000;
    for (const values of [
      new Float64Array(size).fill(3),
      Float64Array.from({ length: size }, (_, index) => index),
      Float64Array.from({ length: size }, (_, index) => size - index),
    ]) {
      const expected = [0.5, 0.95, 0.99].map((fraction) => percentileOfSorted(values.slice().sort(), fraction));
      expect(selectPercentiles([{ values, length: size }], [0.5, 0.95, 0.99])).toEqual(expected);
    }
  });
});
