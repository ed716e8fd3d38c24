import type { Environment, Logger, MetricsSettings } from '@biopipe/core';
import { JsonlMetricsSink } from './jsonl-metrics-sink.js';
import { resolveMetricsPath } from './resolve-metrics-path.js';

export interface CreateProfileMetricsSinkOptions {
  /** The strategy profile's `metrics` section (path, max_file_bytes, keep_files). */
  settings: MetricsSettings;
  /** Read for `BIOPIPELINES_METRICS_PATH`, which wins over `settings.path`. @default process.env */
  env?: Environment;
  /** Base of a relative path. @default process.cwd() */
  cwd?: string;
  /** Told once when the disk fails. @default silentLogger */
  logger?: Logger;
}

/** The JSONL sink a strategy profile asks for, with the environment's path override applied. */
export function createProfileMetricsSink(options: CreateProfileMetricsSinkOptions): JsonlMetricsSink {
  return new JsonlMetricsSink({
    path: resolveMetricsPath({
      env: options.env ?? process.env,
      profilePath: options.settings.path,
      cwd: options.cwd ?? process.cwd(),
    }),
    maxFileBytes: options.settings.max_file_bytes,
    keepFiles: options.settings.keep_files,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
}
