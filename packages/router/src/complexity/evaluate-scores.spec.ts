import { describe, expect, it } from '@jest/globals';
import { computeRocAuc, evaluateThreshold, thresholdForRecall } from './evaluate-scores.js';

const scored = [
  { score: 0.9, hard: true },
  { score: 0.8, hard: false },
  { score: 0.7, hard: true },
  { score: 0.2, hard: false },
  { score: 0.1, hard: false },
];

describe('evaluate-scores', () => {
  it('computes ROC AUC as the Mann-Whitney statistic, ties counting half', () => {
    expect(computeRocAuc(scored)).toBeCloseTo(5 / 6);
    expect(
      computeRocAuc([
        { score: 0.5, hard: true },
        { score: 0.5, hard: false },
      ]),
    ).toBe(0.5);
    expect(computeRocAuc([{ score: 1, hard: true }])).toBeNaN();
  });

  it('gives precision, recall and the strong share of a threshold', () => {
    expect(evaluateThreshold(scored, 0.75)).toEqual({ threshold: 0.75, precision: 0.5, recall: 0.5, strongShare: 0.4 });
  });

  it('finds the highest threshold that keeps a recall', () => {
    expect(thresholdForRecall(scored, 0.9)).toBe(0.7);
    expect(thresholdForRecall(scored, 0.5)).toBe(0.9);
  });
});
