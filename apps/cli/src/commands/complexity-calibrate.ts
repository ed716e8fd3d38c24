import { BiopipeError, UsageError } from '@biopipe/core';
import type { CommandContext } from '../context.js';
import { toSnakeCaseKeys } from '../json-values.js';
import { formatJson, formatTable } from '../output.js';
import { applyCalibration } from './apply-calibration.js';

export interface CalibrateOptions {
  targetStrongShare: number;
  since: string | undefined;
  apply: boolean;
}

/**
 * `biopipe complexity calibrate --target-strong-share S [--since 7d] [--apply]`: per task under the
 * active profile's complexity routing, the threshold that would have sent share S of the recorded
 * requests to the strong target (RouteLLM's calibrate_threshold on our own metrics). Prints the
 * profile snippet; `--apply` writes it into a user profile.
 */
export async function calibrateComplexity(context: CommandContext, options: CalibrateOptions): Promise<number> {
  const { config } = await context.resolveStrategy();
  const settings = config.profile.complexity_routing;
  if (settings === undefined || Object.keys(settings.tasks).length === 0)
    throw new UsageError(
      `Strategy "${config.name}" has no complexity_routing, so there is nothing to calibrate.`,
      'Pick a profile with complexity_routing (e.g. -s t4_hybrid), or add the section to yours.',
    );
  const [{ calibrateThresholds, loadProfileComplexityScorer }, metrics] = await Promise.all([
    import('@biopipe/router'),
    import('@biopipe/metrics'),
  ]);
  // Only scores of the scorer in use are comparable with its threshold.
  const version = (loadProfileComplexityScorer(config) as { version: string }).version;
  const sinceMs = options.since === undefined ? undefined : metrics.parseSince(options.since, Date.now());
  const file = metrics.resolveMetricsPath({ env: context.env, profilePath: config.profile.metrics.path });
  const scores: { taskType: string; score: number; version: string | null }[] = [];
  await metrics.readRoutingRecords({
    path: file,
    sinceMs,
    onMetric: (record) => {
      if (record.complexity_score !== null)
        scores.push({ taskType: record.task_type, score: record.complexity_score, version: record.complexity_version });
    },
  });
  const tasks = Object.keys(settings.tasks);
  const calibrations = calibrateThresholds({
    scores,
    taskTypes: tasks,
    targetStrongShare: options.targetStrongShare,
    version,
  });
  const thresholds = new Map(
    calibrations.flatMap((entry) => (entry.threshold === null ? [] : [[entry.taskType, entry.threshold] as const])),
  );
  const lines = ['complexity_routing:', '  tasks:'];
  for (const [task, entry] of Object.entries(settings.tasks)) {
    const threshold = thresholds.get(task) ?? entry.threshold;
    const rest =
      threshold === undefined ? `target_strong_share: ${entry.target_strong_share}` : `threshold: ${threshold}`;
    lines.push(`    ${task}: { weak: ${entry.weak}, strong: ${entry.strong}, ${rest} }`);
  }
  const snippet = `${lines.join('\n')}\n`;
  if (thresholds.size === 0)
    throw new BiopipeError(
      'usage',
      `Not enough recorded complexity scores of scorer ${version} in ${file}${options.since === undefined ? '' : ` since ${options.since}`} to calibrate (${calibrations.map((entry) => `${entry.taskType}: ${entry.scores}`).join(', ')}; at least 20 per task).`,
      { hint: 'Route more requests with this profile first, or widen --since.' },
    );
  const written = options.apply ? applyCalibration({ config, thresholds, env: context.env }) : undefined;
  const { output } = context;
  if (output.json) {
    output.out(
      formatJson({
        strategy: config.name,
        metrics: file,
        scorer: version,
        tasks: toSnakeCaseKeys(calibrations),
        snippet,
        written: written ?? null,
      }),
    );
    return 0;
  }
  output.out(`calibrated on ${file} (scorer ${version}), target strong share ${options.targetStrongShare}`);
  output.out(
    formatTable(
      ['task', 'scores', 'other scorer', 'threshold', 'strong share'],
      calibrations.map((entry) => [
        entry.taskType,
        String(entry.scores),
        String(entry.otherVersion),
        entry.threshold === null ? 'too few scores' : String(entry.threshold),
        entry.strongShare === null ? '-' : entry.strongShare.toFixed(3),
      ]),
    ),
  );
  output.out('');
  output.out(snippet);
  if (written !== undefined) output.out(`wrote ${written}`);
  else output.out('(--apply writes this into a user profile)');
  return 0;
}
