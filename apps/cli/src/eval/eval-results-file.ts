import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { UsageError, readConfigFile } from '@biopipe/core';
import { MAX_EVAL_SUITE_BYTES } from '@biopipe/core';
import type { EvalItemResult } from './run-eval-items.js';

/** A result line as written: the item's result and the target the run used. */
type ResultLine = EvalItemResult & { run_target: string };

/**
 * The per-item results JSONL: one line per graded item, written whole as each item finishes, so a run
 * that is killed leaves every finished item on disk and `--resume` skips them.
 */
export interface EvalResultsFile {
  /** Results already on disk (resumed), by item id. */
  readonly done: ReadonlyMap<string, EvalItemResult>;
  append(result: EvalItemResult): void;
}

/**
 * Opens the results file: truncated for a fresh run; read for `--resume`, where items that ended in an
 * error are run again, a torn last line (a killed run) is ignored, and a file from another target is refused.
 * @throws UsageError
 */
export function openEvalResultsFile(
  file: string,
  options: { resume: boolean; target: string; ids: ReadonlySet<string> },
): EvalResultsFile {
  const done = new Map<string, EvalItemResult>();
  if (options.resume && existsSync(file)) {
    const lines = readConfigFile(file, 'eval results file', MAX_EVAL_SUITE_BYTES).split('\n');
    for (const [index, text] of lines.entries()) {
      if (text.trim() === '') continue;
      let line: ResultLine;
      try {
        line = JSON.parse(text) as ResultLine;
      } catch {
        if (index >= lines.length - 2) continue;
        throw new UsageError(
          `${file}:${index + 1}: not a results line.`,
          'Resume only from a file an earlier `eval run --out` wrote.',
        );
      }
      if (line.run_target !== options.target)
        throw new UsageError(
          `${file} holds results for target "${String(line.run_target)}", not "${options.target}".`,
          'Resume with the same --target, or write to another --out file.',
        );
      if (line.error === null && options.ids.has(line.id)) done.set(line.id, line);
    }
  }
  // Rewrite what is kept, so errored items and torn lines are not counted twice.
  writeFileSync(
    file,
    [...done.values()].map((result) => `${JSON.stringify({ ...result, run_target: options.target })}\n`).join(''),
  );
  return {
    done,
    append: (result) => appendFileSync(file, `${JSON.stringify({ ...result, run_target: options.target })}\n`),
  };
}
