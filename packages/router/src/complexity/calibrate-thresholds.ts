import { quantileOfSorted } from './complexity-model.js';

/** One recorded score, as a metric record carries it. */
export interface RecordedScore {
  taskType: string;
  score: number;
  /** The scorer version that produced it; scores of another version are not comparable. */
  version: string | null;
}

/** The calibrated threshold of one task, or why there is none. */
export interface TaskCalibration {
  taskType: string;
  /** `null` when there were fewer than the minimum number of scores. */
  threshold: number | null;
  /** Scores of this task and scorer version used. */
  scores: number;
  /** Scores of this task left out because another scorer version produced them. */
  otherVersion: number;
  /** Share of the used scores at or above the threshold (close to the target unless scores tie). */
  strongShare: number | null;
}

export interface CalibrateThresholdsOptions {
  scores: Iterable<RecordedScore>;
  taskTypes: readonly string[];
  /** Share of requests that should reach the strong target, 0–1. */
  targetStrongShare: number;
  /** The scorer version in use; only its scores count. */
  version: string;
  /** Fewer scores than this leave a task uncalibrated. @default 20 */
  minimumScores?: number;
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

/**
 * RouteLLM's `calibrate_threshold`, on our own traffic: per task, the threshold is the
 * `1 − targetStrongShare` quantile of the recorded scores, so that share of requests would have
 * reached the strong target. Floats only: no prompt text is read or needed.
 */
export function calibrateThresholds(options: CalibrateThresholdsOptions): TaskCalibration[] {
  const byTask = new Map(options.taskTypes.map((task) => [task, { scores: [] as number[], otherVersion: 0 }]));
  for (const recorded of options.scores) {
    const entry = byTask.get(recorded.taskType);
    if (entry === undefined || !Number.isFinite(recorded.score)) continue;
    if (recorded.version === options.version) entry.scores.push(recorded.score);
    else entry.otherVersion += 1;
  }
  const minimum = options.minimumScores ?? 20;
  return [...byTask].map(([taskType, { scores, otherVersion }]) => {
    if (scores.length < minimum)
      return { taskType, threshold: null, scores: scores.length, otherVersion, strongShare: null };
    scores.sort((left, right) => left - right);
    // Rounded down so that rounding never pushes the share below the target.
    const threshold = Math.floor(quantileOfSorted(scores, 1 - options.targetStrongShare) * 1000) / 1000;
    const strong = scores.filter((score) => score >= threshold).length;
    return { taskType, threshold, scores: scores.length, otherVersion, strongShare: round(strong / scores.length) };
  });
}
