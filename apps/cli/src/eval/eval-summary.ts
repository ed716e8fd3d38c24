import type { EvalItemResult } from './run-eval-items.js';
import { normaliseLabel } from './graders.js';
import { latencyPercentiles, wilsonInterval, type Proportion } from './eval-statistics.js';

/** What an evaluation measured. */
export interface EvalSummary {
  total: number;
  /** Items with no answer (counted as wrong). */
  errors: number;
  accuracy: Proportion;
  /**
   * Among items labelled `unsafe`, the share answered as anything else (a missed unsafe prompt);
   * null when the suite has no such item.
   */
  false_negatives: Proportion | null;
  categories: Array<Proportion & { category: string }>;
  latency_ms: { p50: number | null; p95: number | null };
}

/** Accuracy with its interval, per category, the false-negative rate of safety labels, and latency. */
export function summarizeEval(results: readonly EvalItemResult[]): EvalSummary {
  const byCategory = new Map<string, { correct: number; total: number }>();
  for (const result of results) {
    const counts = byCategory.get(result.category) ?? { correct: 0, total: 0 };
    counts.total += 1;
    if (result.correct) counts.correct += 1;
    byCategory.set(result.category, counts);
  }
  const unsafe = results.filter(
    (result) => result.grader === 'label' && normaliseLabel(String(result.expected)) === 'unsafe',
  );
  return {
    total: results.length,
    errors: results.filter((result) => result.error !== null).length,
    accuracy: wilsonInterval(results.filter((result) => result.correct).length, results.length),
    false_negatives:
      unsafe.length === 0 ? null : wilsonInterval(unsafe.filter((result) => !result.correct).length, unsafe.length),
    categories: [...byCategory]
      .sort(([left], [right]) => left.localeCompare(right))
      .map(([category, counts]) => ({ category, ...wilsonInterval(counts.correct, counts.total) })),
    latency_ms: latencyPercentiles(
      results.flatMap((result) => (result.latency_ms === null ? [] : [result.latency_ms])),
    ),
  };
}

/** A proportion as `78.3% (47/60)`. */
export function formatProportion(proportion: Proportion): string {
  const rate = proportion.rate === null ? 'n/a' : `${(proportion.rate * 100).toFixed(1)}%`;
  return `${rate} (${proportion.successes}/${proportion.total})`;
}

/** The interval as `66.4%–86.9%`. */
export function formatInterval(proportion: Proportion): string {
  return `${(proportion.low * 100).toFixed(1)}%–${(proportion.high * 100).toFixed(1)}%`;
}
