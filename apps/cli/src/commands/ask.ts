import { normalizeError, UsageError, type BiopipeError, type FinishReason, type TokenUsage } from '@biopipe/core';
import type { RouteReport } from '@biopipe/router';
import type { CommandContext } from '../context.js';
import { toSnakeCaseKeys } from '../json-values.js';
import { formatJson } from '../output.js';
import { reportError } from '../report-error.js';
import { readPromptArgument } from './read-prompt.js';
import { cancelOnInterrupt, openRoutedSession } from './routed-session.js';
import { formatRouteSummary } from './route-summary.js';

export interface AskOptions {
  task: string;
  stream: boolean;
  /** The prompt words, or `-` to read standard input. */
  prompt: string;
}

interface Answer {
  text: string;
  finishReason: FinishReason | null;
  usage: TokenUsage | undefined;
  route: RouteReport;
  error: BiopipeError | undefined;
}

/**
 * `biopipe ask [--task TYPE] [--stream] PROMPT|-`: routes one request and prints the answer on stdout,
 * the route on stderr (or both as JSON with --json). Ctrl-C cancels the upstream request: exit 130.
 */
export async function askQuestion(context: CommandContext, options: AskOptions): Promise<number> {
  // Embedding models answer no chat request: refuse before reading stdin or calling anything.
  if (options.task === 'embeddings')
    throw new UsageError(
      '`ask` generates text; the embeddings task returns vectors, not an answer.',
      'Use `biopipe embed TEXT...` to embed texts.',
    );
  const prompt = await readPromptArgument(options.prompt);
  const session = await openRoutedSession(context, { writeMetrics: true });
  const controller = new AbortController();
  const removeHandler = cancelOnInterrupt(controller);
  const { output } = context;
  try {
    const request = { task_type: options.task, prompt, signal: controller.signal };
    let answer: Answer;
    if (options.stream) {
      const stream = session.orchestrator.stream(request);
      let text = '';
      let finishReason: FinishReason | null = null;
      let usage: TokenUsage | undefined;
      let error: BiopipeError | undefined;
      for await (const part of stream) {
        if (part.type === 'text-delta') {
          text += part.text;
          if (!output.json) process.stdout.write(part.text);
        } else if (part.type === 'stream-end') {
          finishReason = part.finishReason;
          usage = part.usage;
        } else if (part.type === 'error') {
          error = part.error;
        }
      }
      if (!output.json && text !== '' && !text.endsWith('\n')) process.stdout.write('\n');
      answer = { text, finishReason, usage, route: await stream.route, error };
    } else {
      try {
        const result = await session.orchestrator.generate(request);
        answer = {
          text: result.text,
          finishReason: result.finish_reason,
          usage: result.usage,
          route: result.route,
          error: undefined,
        };
      } catch (thrown) {
        return reportError(output, normalizeError(thrown), context.options.debug === true);
      }
    }
    if (output.json) {
      if (answer.error !== undefined) return reportError(output, answer.error, context.options.debug === true);
      output.out(
        formatJson({
          ok: true,
          answer: answer.text,
          finish_reason: answer.finishReason,
          usage: toSnakeCaseKeys(answer.usage ?? null),
          route: toSnakeCaseKeys(answer.route),
        }),
      );
      return 0;
    }
    if (!options.stream) output.out(answer.text);
    output.err(formatRouteSummary(answer.route));
    return answer.error === undefined ? 0 : reportError(output, answer.error, context.options.debug === true);
  } finally {
    removeHandler();
    await session.close();
  }
}
