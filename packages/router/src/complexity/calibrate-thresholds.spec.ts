import { describe, expect, it } from '@jest/globals';
import { calibrateThresholds, type RecordedScore } from './calibrate-thresholds.js';

const scoresOf = (taskType: string, values: number[], version: string | null = 'v1'): RecordedScore[] =>
  values.map((score) => ({ taskType, score, version }));

describe('calibrateThresholds', () => {
  const hundred = Array.from({ length: 100 }, (_, index) => index / 100);

  it('puts the threshold at the 1 - share quantile, so about that share reaches the strong target', () => {
    const [calibration] = calibrateThresholds({
      scores: scoresOf('orchestration', hundred),
      taskTypes: ['orchestration'],
      targetStrongShare: 0.3,
      version: 'v1',
    });
    expect(calibration).toEqual({
      taskType: 'orchestration',
      threshold: 0.693,
      scores: 100,
      otherVersion: 0,
      strongShare: 0.3,
    });
  });

  it('uses only the current scorer version and the listed tasks, and leaves thin tasks uncalibrated', () => {
    const result = calibrateThresholds({
      scores: [
        ...scoresOf('orchestration', hundred),
        ...scoresOf('orchestration', [0.99, 0.99, 0.99], 'v0'),
        ...scoresOf('biomedical', [0.1, 0.9]),
        ...scoresOf('math_statistics', hundred),
      ],
      taskTypes: ['orchestration', 'biomedical'],
      targetStrongShare: 0.5,
      version: 'v1',
    });
    expect(result).toEqual([
      { taskType: 'orchestration', threshold: 0.495, scores: 100, otherVersion: 3, strongShare: 0.5 },
      { taskType: 'biomedical', threshold: null, scores: 2, otherVersion: 0, strongShare: null },
    ]);
  });

  it.each([
    { share: 1, expected: { threshold: 0, strongShare: 1 } },
    { share: 0, expected: { threshold: 0.99, strongShare: 0.01 } },
  ])('handles a share of $share, an edge of the range', ({ share, expected }) => {
    const [calibration] = calibrateThresholds({
      scores: scoresOf('x', hundred),
      taskTypes: ['x'],
      targetStrongShare: share,
      version: 'v1',
    });
    expect(calibration).toMatchObject(expected);
  });
});
