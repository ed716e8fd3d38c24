import path from 'node:path';
import type { FleetManifest } from '@biopipe/core';
import { findRole, jobNameFor } from './find-role.js';

export interface SbatchArgumentsOptions {
  manifest: FleetManifest;
  role: string;
  fleetFile: string;
  /** Directory for the job's output file (`%x-%j.out`, appended across requeues). */
  logDirectory: string;
  /** GPUs per job instead of `defaults.gpus` (e.g. 0 on a cluster without GPUs). @default defaults.gpus */
  gpus?: number;
}

/**
 * The sbatch options of a role's job, from the fleet manifest: job name (how the health monitor finds
 * it), partition, time limit, CPUs, memory, GPUs and output file. The job script's own behaviour
 * (`--requeue`, `--open-mode=append`, `--signal=B:USR1@300`) is in its `#SBATCH` lines. With 0 GPUs
 * the options say `--gres=none`, which also overrides any `--gres` in the script.
 */
export function buildSbatchArguments(options: SbatchArgumentsOptions): string[] {
  const { manifest, role } = options;
  findRole(manifest, role, options.fleetFile);
  const { defaults } = manifest;
  const gpus = options.gpus ?? defaults.gpus;
  return [
    `--job-name=${jobNameFor(manifest, role)}`,
    `--partition=${defaults.partition}`,
    `--time=${defaults.time_limit}`,
    `--cpus-per-task=${defaults.cpus}`,
    `--mem=${defaults.memory}`,
    gpus > 0 ? `--gres=gpu:${gpus}` : '--gres=none',
    `--output=${path.join(options.logDirectory, '%x-%j.out')}`,
  ];
}
