import { mkdir, stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { BiopipeError, hintToPrint } from '@biopipe/core/errors';
import {
  aggregateMetricsFiles,
  parseSince,
  readFeedback,
  resolveFeedbackPath,
  resolveMetricsPath,
  summarizeMetrics,
  type MetricsSummary,
} from '@biopipe/metrics/read';
import { describeEmptyReport, describeSkippedLines } from './describe-empty-report.js';
import { REPORT_EXIT_CODES } from './exit-codes.js';
import { formatTable } from './format-table.js';
import { GROUPINGS, type Grouping } from './group-rows.js';
import { renderHtml } from './render-html.js';
import { resolveCounterfactual } from './resolve-counterfactual.js';

/** Where the report runs: injected so tests can run it in-process. */
export interface ReportEnvironment {
  env: NodeJS.ProcessEnv;
  cwd: string;
  now: () => number;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

interface ReportOptions {
  since?: string;
  file?: string;
  strategy?: string;
  by: Grouping;
  format: 'table' | 'json' | 'html';
  output?: string;
  workers: number;
}

/** File name of the HTML report when --output is not given (beside the metrics file). */
export const DEFAULT_HTML_NAME = 'routing_metrics_report.html';

function parseWorkers(value: string): number {
  const workers = Number(value);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64)
    throw new InvalidArgumentError('must be a whole number from 1 to 64.');
  return workers;
}

function createProgram(): Command {
  return new Command('metrics-report')
    .description(
      'Summarise routing metrics: requests, success and fallback rates, latency and TTFT percentiles, cloud share, top errors.',
    )
    .option(
      '--since <when>',
      'only records from this far back (30m, 24h, 7d) or since an ISO 8601 time (default: everything)',
    )
    .option(
      '--file <path>',
      "metrics file (default: BIOPIPELINES_METRICS_PATH, else the strategy's metrics.path, else logs/routing_metrics.jsonl); rotated files beside it are read too",
    )
    .option(
      '--strategy <name>',
      'read the metrics file of this strategy profile (default: BIOPIPELINES_STRATEGY, else your default from `biopipe strategy use`)',
    )
    .addOption(
      new Option(
        '--by <grouping>',
        'group rows by task type, by model, or by replica (TTFT per replica shows what prefix affinity buys)',
      )
        .choices(GROUPINGS)
        .default('task'),
    )
    .addOption(
      new Option(
        '--format <format>',
        'table for a terminal, json for scripts, html for a self-contained page with charts',
      )
        .choices(['table', 'json', 'html'])
        .default('table'),
    )
    .option(
      '--output <file>',
      `write the report to this file (default: stdout; html: ${DEFAULT_HTML_NAME} beside the metrics file)`,
    )
    .addOption(
      new Option('--workers <count>', 'threads reading the files')
        .argParser(parseWorkers)
        .default(Math.min(4, availableParallelism())),
    )
    .showHelpAfterError()
    .exitOverride();
}

async function render(
  summary: MetricsSummary,
  options: ReportOptions,
  file: string,
  context: ReportEnvironment,
): Promise<void> {
  const text =
    options.format === 'json'
      ? `${JSON.stringify(summary, null, 2)}\n`
      : options.format === 'html'
        ? renderHtml(summary, options.by)
        : formatTable(summary, options.by);
  const output =
    options.output ?? (options.format === 'html' ? path.join(path.dirname(file), DEFAULT_HTML_NAME) : undefined);
  if (output === undefined) {
    context.stdout(text);
    return;
  }
  const target = path.resolve(context.cwd, output);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, text);
  context.stderr(`wrote ${target}\n`);
}

/**
 * The `metrics.path` of the strategy biopipe would use: --strategy, else BIOPIPELINES_STRATEGY, else the
 * user's default. Undefined when none is named (auto-detection would probe the network: not here).
 * The profile code loads only then, so a report given --file or BIOPIPELINES_METRICS_PATH starts fast.
 * @throws UnknownProfileError, ConfigValidationError for a named profile that cannot be loaded
 */
async function readProfileMetricsPath(
  strategy: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  const { ProfileRegistry, readUserSettings } = await import('@biopipe/core');
  const fromEnv = env['BIOPIPELINES_STRATEGY'];
  const name = strategy ?? (fromEnv !== undefined && fromEnv !== '' ? fromEnv : readUserSettings(env).default_strategy);
  return name === undefined ? undefined : new ProfileRegistry({ env }).load(name).profile.metrics.path;
}

async function resolveReportFile(options: ReportOptions, context: ReportEnvironment): Promise<string> {
  if (options.file !== undefined) return path.resolve(context.cwd, options.file);
  const fromEnv = context.env['BIOPIPELINES_METRICS_PATH'];
  const envSet = fromEnv !== undefined && fromEnv.trim() !== '';
  const profilePath = envSet ? undefined : await readProfileMetricsPath(options.strategy, context.env);
  return resolveMetricsPath({ env: context.env, cwd: context.cwd, profilePath });
}

async function report(options: ReportOptions, context: ReportEnvironment): Promise<number> {
  const now = context.now();
  const sinceMs = options.since === undefined ? undefined : parseSince(options.since, now);
  const file = await resolveReportFile(options, context);
  const info = await stat(file).catch(() => undefined);
  if (info?.isDirectory() === true) {
    context.stderr(
      `error: ${file} is a directory; --file takes the metrics JSONL file, e.g. ${path.join(file, 'routing_metrics.jsonl')}\n`,
    );
    return REPORT_EXIT_CODES.usage;
  }
  const result = await aggregateMetricsFiles({ path: file, sinceMs, workers: options.workers });
  const counterfactual = await resolveCounterfactual(options.strategy, context.env);
  // User feedback sits beside the metrics (`biopipe feedback`, POST /v1/feedback), joined by request id.
  const feedback = await readFeedback(resolveFeedbackPath(file));
  if (feedback.skipped > 0) {
    const first = feedback.problems[0];
    context.stderr(
      `warning: ${feedback.skipped} unreadable line${feedback.skipped === 1 ? '' : 's'} skipped in ${resolveFeedbackPath(file)}${first === undefined ? '' : ` (line ${first.line}: ${first.reason})`}\n`,
    );
  }
  const summary = summarizeMetrics({
    feedback,
    accumulator: result.accumulator,
    statistics: result,
    sinceMs,
    now,
    counterfactual,
  });
  const empty = describeEmptyReport(summary, file);
  if (empty !== undefined) {
    context.stderr(`no data: ${empty}\n`);
    if (options.format === 'json') await render(summary, options, file, context);
    return REPORT_EXIT_CODES.noData;
  }
  const skipped = describeSkippedLines(summary);
  if (skipped !== undefined) context.stderr(`warning: ${skipped}\n`);
  await render(summary, options, file, context);
  return REPORT_EXIT_CODES.ok;
}

const FILE_ERROR_HINTS: Readonly<Record<string, string>> = {
  EACCES:
    'This user may not read the metrics file or write the report there: check the permissions, or choose another --file or --output.',
  EPERM:
    'This user may not read the metrics file or write the report there: check the permissions, or choose another --file or --output.',
  ENOSPC: 'The disk is full: free some space or choose another --output.',
  ENOTDIR: 'A part of the path is a file, not a directory: check --file and --output.',
  EEXIST: 'A part of the path is a file, not a directory: check --file and --output.',
  EISDIR: 'The path is a directory: give a file name.',
};

/** Failures the user fixes by changing the command line or a profile: exit 2, as in biopipe. */
const USAGE_ERROR_CODES: ReadonlySet<string> = new Set([
  'usage',
  'unknown_profile',
  'invalid_profile_name',
  'config_invalid',
]);

/** Prints why the report failed and returns the exit code: 2 for usage errors, else 1. */
function reportFailure(thrown: unknown, context: ReportEnvironment): number {
  if (BiopipeError.isInstance(thrown)) {
    const hint = hintToPrint(thrown);
    context.stderr(`error: ${thrown.message}\n${hint === undefined ? '' : `hint: ${hint}\n`}`);
    return USAGE_ERROR_CODES.has(thrown.code) ? REPORT_EXIT_CODES.usage : REPORT_EXIT_CODES.failed;
  }
  const code = (thrown as NodeJS.ErrnoException).code;
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  const hint = code === undefined ? undefined : FILE_ERROR_HINTS[code];
  context.stderr(`error: ${message}\n${hint === undefined ? '' : `hint: ${hint}\n`}`);
  if (hint === undefined && thrown instanceof Error && thrown.stack !== undefined) context.stderr(`${thrown.stack}\n`);
  return REPORT_EXIT_CODES.failed;
}

/** Runs the report and returns its exit code (see exit-codes.ts: 0 ok, 1 failed, 2 usage, 3 no data). */
export async function runReport(argv: readonly string[], context: ReportEnvironment): Promise<number> {
  const program = createProgram().configureOutput({ writeOut: context.stdout, writeErr: context.stderr });
  let options: ReportOptions;
  try {
    program.parse([...argv], { from: 'user' });
    options = program.opts<ReportOptions>();
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? REPORT_EXIT_CODES.ok : REPORT_EXIT_CODES.usage;
    throw error;
  }
  try {
    return await report(options, context);
  } catch (thrown) {
    return reportFailure(thrown, context);
  }
}
