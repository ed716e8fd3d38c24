import { exitCodeFor, hintToPrint, normalizeError, redactSecrets, type BiopipeError } from '@biopipe/core';
import { formatJson, paint, type Output } from './output.js';

/**
 * Prints an error as one line saying what went wrong and one saying what to do (the stack only with
 * `--debug`), or as JSON under `--json`; returns the exit code from core's table.
 */
export function reportError(output: Output, thrown: unknown, debug: boolean): number {
  const error = normalizeError(thrown);
  const exitCode = exitCodeFor(error.code);
  // Every backend was busy and said when to come back (the gateway sends this as Retry-After).
  const retryAfterMs =
    'retryAfterMs' in error && typeof error.retryAfterMs === 'number' ? error.retryAfterMs : undefined;
  const retryAfterSeconds = retryAfterMs === undefined ? undefined : Math.max(1, Math.ceil(retryAfterMs / 1000));
  if (output.json) {
    const problems = 'problems' in error ? (error as BiopipeError & { problems: unknown }).problems : undefined;
    output.out(
      redactSecrets(
        formatJson({
          ok: false,
          error: {
            code: error.code,
            message: error.message,
            hint: error.hint ?? null,
            exit_code: exitCode,
            ...(retryAfterSeconds === undefined ? {} : { retry_after_s: retryAfterSeconds }),
            ...(problems === undefined ? {} : { problems }),
          },
        }),
      ),
    );
  } else {
    output.err(`${paint(output, 'red', 'error:')} ${error.message}`);
    const hint = hintToPrint(error);
    if (hint !== undefined) output.err(`${paint(output, 'yellow', 'hint:')} ${hint}`);
    if (retryAfterSeconds !== undefined)
      output.err(
        `${paint(output, 'yellow', 'hint:')} every backend was busy; they asked to retry after ${retryAfterSeconds} s.`,
      );
  }
  if (debug) output.err(error.stack ?? String(error));
  if (debug && error.cause !== undefined)
    output.err(
      `cause: ${error.cause instanceof Error ? (error.cause.stack ?? error.cause.message) : String(error.cause)}`,
    );
  return exitCode;
}
