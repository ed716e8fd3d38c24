import type { TestSummary, VariantsSummary } from '@biopipe/metrics/read';
import { formatCount, formatMs, formatRate } from './format-numbers.js';

const formatP = (value: number): string => (value < 0.001 ? value.toExponential(1) : value.toFixed(3));

/** "p=0.012 (z=2.50)", or "not enough data (12 / 40; 30 needed)". */
export function describeTest(test: TestSummary): string {
  if (test.status === 'not-enough-data')
    return `not enough data (${test.have[0]} / ${test.have[1]}; ${test.needed} per arm needed)`;
  const statistic = test.test === 'two-proportion-z' ? `z=${test.statistic.toFixed(2)}` : `U=${test.statistic}`;
  return `p=${formatP(test.p_value)} (${statistic})`;
}

/** Per experiment: the arms' table rows, and each comparison's tests and verdict, as lines. */
export function variantTables(variants: VariantsSummary): {
  experiment: string;
  header: string[];
  rows: string[][];
  tests: string[][];
  verdicts: string[];
}[] {
  return variants.experiments.map((experiment) => ({
    experiment: experiment.experiment,
    header: ['arm', 'requests', 'success rate', 'latency p50 ms', 'p95 ms', 'feedback good/bad', 'feedback score'],
    rows: experiment.arms.map((arm) => [
      arm.arm,
      formatCount(arm.requests),
      formatRate(arm.success_rate),
      formatMs(arm.latency_ms.p50),
      formatMs(arm.latency_ms.p95),
      `${formatCount(arm.feedback.good)}/${formatCount(arm.feedback.bad)}`,
      formatRate(arm.feedback.score),
    ]),
    tests: experiment.comparisons.map((comparison) => [
      `${comparison.arm} vs ${comparison.baseline}`,
      describeTest(comparison.success_rate),
      describeTest(comparison.latency),
      describeTest(comparison.feedback_score),
    ]),
    verdicts: experiment.comparisons.map((comparison) => comparison.verdict.text),
  }));
}

export const TEST_HEADER = [
  'comparison',
  'success rate (z-test)',
  'latency (Mann-Whitney U)',
  'feedback score (z-test)',
];

/** The line under the section: the rules, and what feedback could not be joined. */
export function describeVariantRules(variants: VariantsSummary): string {
  const { feedback } = variants;
  const skipped =
    feedback.skipped_lines === 0
      ? ''
      : `, ${formatCount(feedback.skipped_lines)} unreadable feedback line${feedback.skipped_lines === 1 ? '' : 's'} skipped`;
  return (
    `Two-sided tests at ${variants.significance_level}; at least ${variants.min_sample_per_arm} requests (or ratings) per arm. ` +
    `Feedback: ${formatCount(feedback.matched)} ratings joined to an arm, ${formatCount(feedback.unmatched)} to no A/B request${skipped}.`
  );
}
