import { exitCodeFor, loadEvalSuite, type BiopipeErrorCode } from '@biopipe/core';
import type { CommandContext } from '../context.js';
import { formatJson, formatTable } from '../output.js';
import { formatInterval, formatProportion } from '../eval/eval-summary.js';
import { evaluateSuite, type EvaluationOutcome } from '../eval/evaluate-suite.js';
import { cancelOnInterrupt } from './routed-session.js';

export interface EvalRunOptions {
  suite: string;
  target: string | undefined;
  judge: string | undefined;
  concurrency: number;
  out: string | undefined;
  resume: boolean;
}

/** The exit code of a finished evaluation: 0, else that of the items' errors (3 when nothing could serve any). */
export function evaluationExitCode(outcome: EvaluationOutcome): number {
  const codes = outcome.results.flatMap((result) => (result.error === null ? [] : [result.error as BiopipeErrorCode]));
  if (codes.length === 0) return 0;
  const exits = new Set(codes.map((code) => exitCodeFor(code)));
  return codes.length === outcome.results.length && exits.size === 1 ? ([...exits][0] ?? 1) : 1;
}

/** The evaluation as lines: the headline, and the per-category table. */
export function formatEvaluation(outcome: EvaluationOutcome): string {
  const { summary } = outcome;
  const latency = (value: number | null): string => (value === null ? 'n/a' : `${Math.round(value)} ms`);
  const lines = [
    `accuracy ${formatProportion(summary.accuracy)}, 95% interval ${formatInterval(summary.accuracy)}; errors ${summary.errors}; latency p50 ${latency(summary.latency_ms.p50)}, p95 ${latency(summary.latency_ms.p95)}`,
  ];
  if (summary.false_negatives !== null)
    lines.push(
      `false negatives (unsafe answered otherwise) ${formatProportion(summary.false_negatives)}, 95% interval ${formatInterval(summary.false_negatives)}`,
    );
  lines.push(
    '',
    formatTable(
      ['category', 'items', 'accuracy', '95% interval'],
      summary.categories.map((category) => [
        category.category,
        String(category.total),
        formatProportion(category),
        formatInterval(category),
      ]),
    ),
  );
  return lines.join('\n');
}

/**
 * `biopipe eval run SUITE [--target ROLE|CLOUD_MODEL] [--concurrency N] [--out FILE] [--resume]`:
 * runs a suite, prints accuracy with its interval, the per-category table and latency.
 */
export async function runEvaluation(context: CommandContext, options: EvalRunOptions): Promise<number> {
  const suite = loadEvalSuite(options.suite);
  const { config } = await context.resolveStrategy();
  const controller = new AbortController();
  const removeHandler = cancelOnInterrupt(controller);
  try {
    const outcome = await evaluateSuite(context, { ...options, suite, config, signal: controller.signal });
    if (context.output.json) {
      context.output.out(
        formatJson({
          suite: suite.file,
          strategy: config.name,
          target: outcome.target,
          results_file: options.out ?? null,
          ...outcome.summary,
        }),
      );
    } else {
      context.output.out(`eval ${suite.file} on ${outcome.target} (strategy ${config.name})`);
      context.output.out(formatEvaluation(outcome));
      if (options.out !== undefined) context.output.out(`\nper-item results: ${options.out}`);
    }
    const failed = outcome.results.find((result) => result.error !== null);
    if (failed !== undefined)
      context.output.err(
        `${outcome.summary.errors} item${outcome.summary.errors === 1 ? '' : 's'} got no answer (counted wrong); the first, ${failed.id}: ${failed.error_message ?? failed.error ?? ''}`,
      );
    return evaluationExitCode(outcome);
  } finally {
    removeHandler();
  }
}
