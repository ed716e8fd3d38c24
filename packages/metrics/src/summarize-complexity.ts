import { COMPLEXITY_BINS, type ComplexityAccumulator } from './complexity-accumulator.js';
import type { GroupAccumulator } from './metrics-accumulator.js';
import type { GroupSummary } from './metrics-summary.js';

/** The report's complexity routing section; null when no record in the window carries a score. */
export interface ComplexitySummary {
  /** Per task: scored requests, how many went to the strong target, and that share. */
  by_task: { task_type: string; scored: number; strong: number; strong_share: number }[];
  /** Scores in ten bins of width 0.1, from [0, 0.1) to [0.9, 1]. */
  histogram: { from: number; to: number; requests: number }[];
  /** Requests kept on the weak target (usually local). */
  kept_weak: GroupSummary | null;
  /** Requests escalated to the strong target. */
  escalated: GroupSummary | null;
}

export function summarizeComplexity(
  accumulator: ComplexityAccumulator,
  summarizeGroup: (group: GroupAccumulator) => GroupSummary,
): ComplexitySummary | null {
  if (accumulator.byTask.size === 0) return null;
  const group = (decision: 'weak' | 'strong'): GroupSummary | null => {
    const found = accumulator.byDecision.get(decision);
    return found === undefined ? null : summarizeGroup(found);
  };
  return {
    by_task: [...accumulator.byTask.entries()]
      .map(([task_type, counts]) => ({ task_type, ...counts, strong_share: counts.strong / counts.scored }))
      .sort((left, right) => right.scored - left.scored || left.task_type.localeCompare(right.task_type)),
    histogram: accumulator.histogram.map((requests, bin) => ({
      from: bin / COMPLEXITY_BINS,
      to: (bin + 1) / COMPLEXITY_BINS,
      requests,
    })),
    kept_weak: group('weak'),
    escalated: group('strong'),
  };
}
