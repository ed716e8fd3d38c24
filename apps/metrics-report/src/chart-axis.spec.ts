import { describe, expect, it } from '@jest/globals';
import { computeTicks } from './chart-axis.js';

describe('computeTicks', () => {
  it('steps by 1, 2 or 5 times a power of ten and ends at or above the maximum', () => {
    expect(computeTicks(1046)).toEqual([0, 500, 1000, 1500]);
    expect(computeTicks(100)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(computeTicks(0.37)).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
  });

  it('gives a usable axis for an empty or degenerate maximum', () => {
    expect(computeTicks(0)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(computeTicks(Number.NaN)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
});
