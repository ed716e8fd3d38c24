import path from 'node:path';
import type { Environment } from '@biopipe/core';

/** Where metrics go when neither the environment nor the profile says otherwise. */
export const DEFAULT_METRICS_PATH = 'logs/routing_metrics.jsonl';

export interface ResolveMetricsPathOptions {
  /** Read for `BIOPIPELINES_METRICS_PATH`. @default process.env */
  env?: Environment;
  /** The strategy profile's `metrics.path`, when a profile is loaded. */
  profilePath?: string | undefined;
  /** Base of relative paths. @default process.cwd() */
  cwd?: string;
}

/**
 * The metrics file: `BIOPIPELINES_METRICS_PATH` wins over the profile's `metrics.path`, which wins over
 * `logs/routing_metrics.jsonl`. Relative paths are taken from the working directory. Returns an absolute path.
 */
export function resolveMetricsPath(options: ResolveMetricsPathOptions = {}): string {
  const env = options.env ?? process.env;
  const fromEnv = env['BIOPIPELINES_METRICS_PATH'];
  const chosen =
    fromEnv !== undefined && fromEnv.trim() !== '' ? fromEnv : (options.profilePath ?? DEFAULT_METRICS_PATH);
  return path.resolve(options.cwd ?? process.cwd(), chosen);
}
