import { UsageError, readUserSettings } from '@biopipe/core';
import type { CommandContext } from '../context.js';
import { formatJson } from '../output.js';

export interface FeedbackOptions {
  requestId: string;
  rating: string;
  note: string | undefined;
}

/**
 * The metrics file the report will read, so the feedback lands beside it: BIOPIPELINES_METRICS_PATH,
 * else the named strategy's `metrics.path` (--strategy, BIOPIPELINES_STRATEGY, your default; never
 * auto-detection, which would probe the network), else logs/routing_metrics.jsonl.
 */
async function resolveMetricsFile(context: CommandContext): Promise<string> {
  const { resolveMetricsPath } = await import('@biopipe/metrics');
  const fromEnv = context.env['BIOPIPELINES_METRICS_PATH'];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return resolveMetricsPath({ env: context.env });
  const named = context.env['BIOPIPELINES_STRATEGY'];
  const name =
    context.options.strategy ??
    (named !== undefined && named !== '' ? named : readUserSettings(context.env).default_strategy);
  const profilePath = name === undefined ? undefined : context.registry().load(name).profile.metrics.path;
  return resolveMetricsPath({ env: context.env, profilePath });
}

/**
 * `biopipe feedback REQUEST_ID good|bad [--note TEXT]`: records a user's verdict on one answer,
 * joined to its routing metric by request id (the report compares A/B arms on it). The note is
 * stored, capped, and never printed or logged.
 */
export async function recordFeedback(context: CommandContext, options: FeedbackOptions): Promise<number> {
  const { appendFeedback, createFeedbackRecord, resolveFeedbackPath } = await import('@biopipe/metrics');
  const built = createFeedbackRecord(
    { request_id: options.requestId, rating: options.rating, note: options.note },
    { source: 'cli', now: new Date() },
  );
  if ('problem' in built) {
    const hints = {
      request_id: "Give the request id that `biopipe ask --json` or the gateway's x-request-id header reported.",
      rating: 'Write `biopipe feedback REQUEST_ID good` or `biopipe feedback REQUEST_ID bad`.',
      note: 'Shorten the note.',
    } as const;
    throw new UsageError(`Cannot record the feedback: ${built.problem.message}.`, hints[built.problem.field]);
  }
  const file = resolveFeedbackPath(await resolveMetricsFile(context));
  await appendFeedback(file, built.record);
  const { record } = built;
  if (context.output.json)
    context.output.out(
      formatJson({ request_id: record.request_id, rating: record.rating, file, noted: record.note !== undefined }),
    );
  else context.output.err(`feedback recorded: ${record.request_id} ${record.rating} (${file})`);
  return 0;
}
