import type { StrategyConfig } from '@biopipe/core';
import { UsageError, type EvalSuite, type TaskType } from '@biopipe/core';
import type { CommandContext } from '../context.js';
import { fleetFileInEffect, openRoutedSession, type RoutedSession } from '../commands/routed-session.js';
import { deriveEvalStrategy, describeEvalTarget, resolveEvalTarget } from './derive-eval-strategy.js';
import { openEvalResultsFile } from './eval-results-file.js';
import { createEvalProgress } from './eval-progress.js';
import { summarizeEval, type EvalSummary } from './eval-summary.js';
import { runEvalItems, type EvalItemResult } from './run-eval-items.js';

/** What to evaluate and how. */
export interface EvaluateSuiteOptions {
  suite: EvalSuite;
  config: StrategyConfig;
  /** A role or cloud model; undefined runs the profile's own routing. */
  target: string | undefined;
  /** The judge of `llm_judge` items. @default "generalist", else the profile's first role */
  judge: string | undefined;
  concurrency: number;
  /** Per-item results JSONL. */
  out: string | undefined;
  resume: boolean;
  signal: AbortSignal;
}

/** An evaluation's outcome. */
export interface EvaluationOutcome {
  target: string;
  summary: EvalSummary;
  results: EvalItemResult[];
}

function defaultJudge(config: StrategyConfig): string {
  const role = config.roles.includes('generalist') ? 'generalist' : config.roles[0];
  if (role === undefined)
    throw new UsageError(`Strategy "${config.name}" has no local role to judge answers.`, 'Name one with --judge.');
  return role;
}

/**
 * Runs every item of a suite against a target (refusing a cloud target under a PHI-safe profile
 * before anything is sent), grades the answers, writes each result as it comes, and summarises.
 */
export async function evaluateSuite(
  context: CommandContext,
  options: EvaluateSuiteOptions,
): Promise<EvaluationOutcome> {
  const { suite, config } = options;
  const fleetFile = fleetFileInEffect(context.env);
  const target = resolveEvalTarget(config, options.target, fleetFile);
  const taskTypes = [...new Set(suite.items.map((item) => item.task_type))] as TaskType[];
  const needsJudge = suite.items.some((item) => item.grader === 'llm_judge');
  const judgeTarget = needsJudge
    ? resolveEvalTarget(config, options.judge ?? defaultJudge(config), fleetFile)
    : undefined;
  const targetName = describeEvalTarget(target);
  const file =
    options.out === undefined
      ? undefined
      : openEvalResultsFile(options.out, {
          resume: options.resume,
          target: targetName,
          ids: new Set(suite.items.map((item) => item.id)),
        });
  const pending = suite.items.filter((item) => file?.done.has(item.id) !== true);
  const sessions: RoutedSession[] = [];
  try {
    const session = await openRoutedSession(context, {
      writeMetrics: false,
      strategy: deriveEvalStrategy(config, target, taskTypes),
    });
    sessions.push(session);
    const judge =
      judgeTarget === undefined
        ? undefined
        : await openRoutedSession(context, {
            writeMetrics: false,
            strategy: deriveEvalStrategy(config, judgeTarget, taskTypes),
          });
    if (judge !== undefined) sessions.push(judge);
    const progress = createEvalProgress({
      total: suite.items.length,
      alreadyDone: suite.items.length - pending.length,
      env: context.env,
    });
    const fresh = await runEvalItems(pending, {
      orchestrator: session.orchestrator,
      judge: judge?.orchestrator,
      signal: options.signal,
      concurrency: options.concurrency,
      onResult: (result) => {
        file?.append(result);
        progress.update(result);
      },
    }).finally(() => progress.finish());
    const byId = new Map([
      ...(file?.done ?? new Map<string, EvalItemResult>()),
      ...fresh.map((result) => [result.id, result] as const),
    ]);
    const results = suite.items.flatMap((item) => {
      const result = byId.get(item.id);
      return result === undefined ? [] : [result];
    });
    return { target: targetName, summary: summarizeEval(results), results };
  } finally {
    await Promise.all(sessions.map((session) => session.close()));
  }
}
