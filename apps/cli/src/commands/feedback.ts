import { UsageError, readUserSettings } from '@biopipe/core';
import type { CommandContext } from '../context.js';
import { formatJson } from '../output.js';
import { findRequestInMetrics, type RequestSearch } from './find-request-in-metrics.js';

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
  const metricsFile = await resolveMetricsFile(context);
  const file = resolveFeedbackPath(metricsFile);
  await appendFeedback(file, built.record);
  const { record } = built;
  const found = await lookForRequest(context, record.request_id, metricsFile);
  if (context.output.json)
    context.output.out(
      formatJson({
        request_id: record.request_id,
        rating: record.rating,
        file,
        noted: record.note !== undefined,
        request_found: found,
      }),
    );
  else context.output.err(`feedback recorded: ${record.request_id} ${record.rating} (${file})`);
  return 0;
}

const megabytes = (bytes: number): string => (bytes < 1e6 ? `${bytes} bytes` : `${(bytes / 1e6).toFixed(1)} MB`);

/**
 * Whether the request appears in the metrics series; a warning on stderr when it does not. Only a
 * warning: the feedback is kept, since the metrics may have rotated away or be written by a process
 * with another metrics path.
 */
async function lookForRequest(context: CommandContext, requestId: string, metricsFile: string): Promise<boolean> {
  const { listMetricsFiles } = await import('@biopipe/metrics');
  const warn = (why: string): void =>
    context.output.err(
      `warning: request ${requestId} ${why}; the feedback is recorded anyway. Check the id (\`biopipe ask --json\` or the gateway's x-request-id header gives it), and that BIOPIPELINES_METRICS_PATH or --strategy names the metrics the request was written to.`,
    );
  let search: RequestSearch;
  try {
    search = await findRequestInMetrics(requestId, await listMetricsFiles(metricsFile));
  } catch (error) {
    warn(`could not be looked up in ${metricsFile} (${(error as Error).message})`);
    return false;
  }
  if (search.found) return true;
  const files = `${search.filesSearched} file${search.filesSearched === 1 ? '' : 's'}`;
  if (search.filesSearched === 0) warn(`was not found: there are no metrics at ${metricsFile}`);
  else if (search.bytesSkipped === 0)
    warn(`was not found in the metrics at ${metricsFile} (${files}, ${megabytes(search.bytesSearched)} searched)`);
  else
    warn(
      `was not found in the newest ${megabytes(search.bytesSearched)} of the metrics at ${metricsFile} (${files}; the older ${megabytes(search.bytesSkipped)} were not searched)`,
    );
  return false;
}
