import type { MetricFields } from './scan-metric-line.js';
import type { GroupAccumulator } from './metrics-accumulator.js';

/** Bins of the complexity score histogram, over [0, 1]. */
export const COMPLEXITY_BINS = 10;

/**
 * Complexity routing's numbers (issue 15): per task, scored and escalated requests; the score
 * histogram; and, per decision (`weak` = kept on the weak target, `strong` = escalated), a group
 * of counts and latency samples for error rate and latency.
 */
export interface ComplexityAccumulator {
  byTask: Map<string, { scored: number; strong: number }>;
  histogram: number[];
  byDecision: Map<'weak' | 'strong', GroupAccumulator>;
}

export function createComplexityAccumulator(): ComplexityAccumulator {
  return { byTask: new Map(), histogram: new Array<number>(COMPLEXITY_BINS).fill(0), byDecision: new Map() };
}

/** Adds a record that carries a complexity score; `addToGroup` is the accumulator's own group update. */
export function addComplexity(
  accumulator: ComplexityAccumulator,
  record: MetricFields,
  addToGroup: (group: GroupAccumulator, record: MetricFields) => void,
  createGroup: () => GroupAccumulator,
): void {
  const score = record.complexity_score;
  if (score === null) return;
  let task = accumulator.byTask.get(record.task_type);
  if (task === undefined) accumulator.byTask.set(record.task_type, (task = { scored: 0, strong: 0 }));
  task.scored += 1;
  if (record.complexity_decision === 'strong') task.strong += 1;
  const bin = Math.min(COMPLEXITY_BINS - 1, Math.max(0, Math.floor(score * COMPLEXITY_BINS)));
  accumulator.histogram[bin] = (accumulator.histogram[bin] ?? 0) + 1;
  const decision = record.complexity_decision;
  if (decision === null) return;
  let group = accumulator.byDecision.get(decision);
  if (group === undefined) accumulator.byDecision.set(decision, (group = createGroup()));
  addToGroup(group, record);
}

/** Adds `part`'s counts into `into`; groups are combined by the caller's function (sample runs are listed, not copied). */
export function combineComplexity(
  parts: readonly ComplexityAccumulator[],
  combineGroups: (groups: readonly GroupAccumulator[]) => GroupAccumulator,
): ComplexityAccumulator {
  const combined = createComplexityAccumulator();
  for (const part of parts) {
    for (const [task, counts] of part.byTask) {
      const entry = combined.byTask.get(task) ?? { scored: 0, strong: 0 };
      entry.scored += counts.scored;
      entry.strong += counts.strong;
      combined.byTask.set(task, entry);
    }
    part.histogram.forEach((count, bin) => (combined.histogram[bin] = (combined.histogram[bin] ?? 0) + count));
  }
  for (const decision of ['weak', 'strong'] as const) {
    const groups = parts.flatMap((part) => part.byDecision.get(decision) ?? []);
    if (groups.length > 0) combined.byDecision.set(decision, combineGroups(groups));
  }
  return combined;
}
