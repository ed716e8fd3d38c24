import { normalizeError, renderEvalMessages, type EvalItem } from '@biopipe/core';
import type { ModelOrchestrator } from '@biopipe/router';
import { gradeAnswer } from './graders.js';
import { buildJudgePrompt, gradeFromVerdict } from './llm-judge.js';

/** One graded item, as written to the per-item results JSONL. */
export interface EvalItemResult {
  schema_version: 1;
  id: string;
  category: string;
  task_type: string;
  grader: string;
  expected: string | number;
  /** What the grader read from the answer (a letter, a label, a number, a verdict), or null. */
  extracted: string | null;
  correct: boolean;
  /** The route target that served it, and its model. */
  target: string | null;
  model: string | null;
  cloud: boolean;
  latency_ms: number | null;
  /** The answer, cut to 2,000 characters. */
  answer: string | null;
  /** The error code when no answer came (the item counts as wrong). */
  error: string | null;
  /** What went wrong, in words (errors never hold a key or the prompt). */
  error_message?: string;
}

/** Where to send items and their judge requests. */
export interface EvalRunners {
  orchestrator: ModelOrchestrator;
  /** The judge's orchestrator, for `llm_judge` items. */
  judge: ModelOrchestrator | undefined;
  signal: AbortSignal;
}

const ANSWER_LIMIT = 2_000;

/** Sends one item, grades the answer, and never throws: a failed request is a wrong, errored item. */
export async function runEvalItem(item: EvalItem, runners: EvalRunners): Promise<EvalItemResult> {
  const base = {
    schema_version: 1 as const,
    id: item.id,
    category: item.category,
    task_type: item.task_type,
    grader: item.grader,
    expected: item.expected,
  };
  try {
    const result = await runners.orchestrator.generate({
      task_type: item.task_type,
      messages: renderEvalMessages(item),
      temperature: 0,
      request_id: `eval-${item.id}-${Date.now().toString(36)}`,
      signal: runners.signal,
    });
    let grade;
    if (item.grader === 'llm_judge') {
      if (runners.judge === undefined) throw new Error('llm_judge item without a judge target');
      const verdict = await runners.judge.generate({
        task_type: item.task_type,
        prompt: buildJudgePrompt(item, result.text),
        temperature: 0,
        max_tokens: 8,
        signal: runners.signal,
      });
      grade = gradeFromVerdict(verdict.text);
    } else {
      grade = gradeAnswer(item, result.text);
    }
    return {
      ...base,
      ...grade,
      target: result.route.target,
      model: result.route.model,
      cloud: result.route.cloud,
      latency_ms: result.route.latency_ms,
      answer: result.text.slice(0, ANSWER_LIMIT),
      error: null,
    };
  } catch (thrown) {
    const error = normalizeError(thrown);
    if (error.code === 'aborted') throw error;
    return {
      ...base,
      extracted: null,
      correct: false,
      target: null,
      model: null,
      cloud: false,
      latency_ms: null,
      answer: null,
      error: error.code,
      error_message: error.message,
    };
  }
}

/** Runs `items` with at most `concurrency` in flight, calling `onResult` as each finishes. */
export async function runEvalItems(
  items: readonly EvalItem[],
  options: EvalRunners & { concurrency: number; onResult: (result: EvalItemResult) => void },
): Promise<EvalItemResult[]> {
  const results: EvalItemResult[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !options.signal.aborted) {
      const item = items[next] as EvalItem;
      next += 1;
      const result = await runEvalItem(item, options);
      results.push(result);
      options.onResult(result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, items.length) }, worker));
  return results;
}
