import type { FeedbackIndex } from './feedback-file.js';
import { percentileOfSorted } from './percentile.js';
import { mannWhitneyU, twoProportionZTest } from './significance-tests.js';
import type { ArmAccumulator, VariantAccumulator } from './variant-accumulator.js';

/** Fewest requests (or rated requests, for feedback) per arm before a test is run. @default 30 */
export const MIN_SAMPLE_PER_ARM = 30;
/** Two-sided significance level below which an arm is named the better one. */
export const SIGNIFICANCE_LEVEL = 0.05;

export interface ArmSummary {
  arm: string;
  requests: number;
  success_rate: number;
  latency_ms: { p50: number | null; p95: number | null };
  /** Ratings joined by request id; `score` is the share of good ratings, null with none. */
  feedback: { good: number; bad: number; score: number | null };
}

/** One test of one arm against the baseline (the split's first arm). */
export type TestSummary =
  | { status: 'not-enough-data'; needed: number; have: [number, number] }
  | {
      status: 'tested';
      test: 'two-proportion-z' | 'mann-whitney-u';
      statistic: number;
      p_value: number;
      better: string | null;
    };

export interface ComparisonSummary {
  arm: string;
  baseline: string;
  success_rate: TestSummary;
  latency: TestSummary;
  feedback_score: TestSummary;
  /** What the report says: the better arm on the first significant test (feedback, then success, then latency). */
  verdict: {
    better: string | null;
    metric: 'feedback_score' | 'success_rate' | 'latency' | null;
    p_value: number | null;
    text: string;
  };
}

export interface ExperimentSummary {
  /** The task type whose split this is (`*` for the default entry). */
  experiment: string;
  arms: ArmSummary[];
  comparisons: ComparisonSummary[];
}

export interface VariantsSummary {
  min_sample_per_arm: number;
  significance_level: number;
  experiments: ExperimentSummary[];
  feedback: {
    records: number;
    matched: number;
    unmatched: number;
    skipped_lines: number;
    problems: { line: number; reason: string }[];
  };
}

const percent = (value: number | null): string => (value === null ? '–' : `${(value * 100).toFixed(1)}%`);
const formatP = (value: number): string => (value < 0.001 ? value.toExponential(1) : value.toFixed(3));

function summarizeArm(arm: ArmAccumulator, ratings: FeedbackIndex['ratings']): ArmSummary {
  const sorted = Float64Array.from(arm.latencies).sort();
  let good = 0;
  let bad = 0;
  for (const id of arm.requestIds) {
    const rating = ratings.get(id);
    if (rating === 'good') good += 1;
    else if (rating === 'bad') bad += 1;
  }
  return {
    arm: arm.arm,
    requests: arm.requests,
    success_rate: arm.successes / arm.requests,
    latency_ms: { p50: percentileOfSorted(sorted, 0.5), p95: percentileOfSorted(sorted, 0.95) },
    feedback: { good, bad, score: good + bad === 0 ? null : good / (good + bad) },
  };
}

function rateTest(
  [nameA, hitsA, totalA]: [string, number, number],
  [nameB, hitsB, totalB]: [string, number, number],
  minimum: number,
): TestSummary {
  if (totalA < minimum || totalB < minimum)
    return { status: 'not-enough-data', needed: minimum, have: [totalA, totalB] };
  const result = twoProportionZTest(hitsA, totalA, hitsB, totalB);
  const better = result.p_value < SIGNIFICANCE_LEVEL ? (result.statistic > 0 ? nameA : nameB) : null;
  return { status: 'tested', test: 'two-proportion-z', ...result, better };
}

function compare(
  arm: ArmAccumulator,
  base: ArmAccumulator,
  summaries: Map<ArmAccumulator, ArmSummary>,
  minimum: number,
): ComparisonSummary {
  const armSummary = summaries.get(arm) as ArmSummary;
  const baseSummary = summaries.get(base) as ArmSummary;
  const success_rate = rateTest(
    [arm.arm, arm.successes, arm.requests],
    [base.arm, base.successes, base.requests],
    minimum,
  );
  const rated = (summary: ArmSummary): number => summary.feedback.good + summary.feedback.bad;
  const feedback_score = rateTest(
    [arm.arm, armSummary.feedback.good, rated(armSummary)],
    [base.arm, baseSummary.feedback.good, rated(baseSummary)],
    minimum,
  );
  let latency: TestSummary;
  if (arm.requests < minimum || base.requests < minimum)
    latency = { status: 'not-enough-data', needed: minimum, have: [arm.requests, base.requests] };
  else {
    const result = mannWhitneyU(arm.latencies, base.latencies);
    const faster = (armSummary.latency_ms.p50 ?? 0) < (baseSummary.latency_ms.p50 ?? 0) ? arm.arm : base.arm;
    latency = {
      status: 'tested',
      test: 'mann-whitney-u',
      ...result,
      better: result.p_value < SIGNIFICANCE_LEVEL ? faster : null,
    };
  }
  const tests = { feedback_score, success_rate, latency };
  const order = ['feedback_score', 'success_rate', 'latency'] as const;
  const decisive = order.find((metric) => {
    const test = tests[metric];
    return test.status === 'tested' && test.better !== null;
  });
  let verdict: ComparisonSummary['verdict'];
  if (success_rate.status === 'not-enough-data')
    verdict = {
      better: null,
      metric: null,
      p_value: null,
      text: `not enough data: ${arm.arm} has ${arm.requests} and ${base.arm} ${base.requests} requests; ${minimum} per arm are needed`,
    };
  else if (decisive === undefined) {
    const pValues = order.flatMap((metric) => {
      const test = tests[metric];
      return test.status === 'tested' ? [`${metric.replace('_', ' ')} p=${formatP(test.p_value)}`] : [];
    });
    verdict = { better: null, metric: null, p_value: null, text: `no significant difference (${pValues.join(', ')})` };
  } else {
    const test = tests[decisive] as Extract<TestSummary, { status: 'tested' }>;
    const better = test.better as string;
    const other = better === arm.arm ? base.arm : arm.arm;
    const [winner, loser] = better === arm.arm ? [armSummary, baseSummary] : [baseSummary, armSummary];
    const figures =
      decisive === 'latency'
        ? `p50 ${winner.latency_ms.p50?.toFixed(0) ?? '–'} ms vs ${loser.latency_ms.p50?.toFixed(0) ?? '–'} ms`
        : decisive === 'success_rate'
          ? `${percent(winner.success_rate)} vs ${percent(loser.success_rate)}`
          : `${percent(winner.feedback.score)} good vs ${percent(loser.feedback.score)}`;
    verdict = {
      better,
      metric: decisive,
      p_value: test.p_value,
      text: `${better} is better than ${other} on ${decisive.replace('_', ' ')} (${figures}, p=${formatP(test.p_value)})`,
    };
  }
  return { arm: arm.arm, baseline: base.arm, success_rate, latency, feedback_score, verdict };
}

/**
 * The A/B section of the report: per split, each arm's success rate, latency p50/p95 and feedback
 * score, and each arm tested against the baseline (the arm seen first, i.e. the split's first arm
 * in practice): a two-proportion z-test for success and feedback rates, Mann–Whitney U for latency.
 * Null when no record carries a variant.
 */
export function summarizeVariants(
  accumulator: VariantAccumulator,
  feedback: FeedbackIndex | undefined,
  minimum = MIN_SAMPLE_PER_ARM,
): VariantsSummary | null {
  if (accumulator.size === 0) return null;
  const ratings = feedback?.ratings ?? new Map();
  const byExperiment = new Map<string, ArmAccumulator[]>();
  for (const arm of accumulator.values())
    byExperiment.set(arm.experiment, [...(byExperiment.get(arm.experiment) ?? []), arm]);
  let matched = 0;
  const experiments: ExperimentSummary[] = [];
  for (const [experiment, arms] of [...byExperiment.entries()].sort(([left], [right]) => (left < right ? -1 : 1))) {
    const summaries = new Map(arms.map((arm) => [arm, summarizeArm(arm, ratings)]));
    for (const summary of summaries.values()) matched += summary.feedback.good + summary.feedback.bad;
    const [base, ...rest] = arms;
    experiments.push({
      experiment,
      arms: [...summaries.values()],
      comparisons: base === undefined ? [] : rest.map((arm) => compare(arm, base, summaries, minimum)),
    });
  }
  return {
    min_sample_per_arm: minimum,
    significance_level: SIGNIFICANCE_LEVEL,
    experiments,
    feedback: {
      records: feedback?.records ?? 0,
      matched,
      unmatched: ratings.size - matched,
      skipped_lines: feedback?.skipped ?? 0,
      problems: feedback?.problems ?? [],
    },
  };
}
