import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findAncestorDirectory, type FleetManifest } from '@biopipe/core';
import type { FleetPaths } from '../fleet/fleet-paths.js';
import { buildSbatchArguments } from '../fleet/sbatch-arguments.js';
import type { SlurmAdapter } from '../slurm/slurm-adapter.js';

const JOB_SCRIPT = path.join('infra', 'slurm', 'slurm_vllm_job.sh');

/** The directory holding the job script: the repository, or the installed package (which ships `infra/`). */
export function repositoryRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = findAncestorDirectory(here, JOB_SCRIPT);
  if (root === undefined)
    throw new Error(`the fleet's job script (${JOB_SCRIPT}) is missing above ${here}; reinstall biopipe.`);
  return root;
}

export interface JobSubmitterOptions {
  manifest: FleetManifest;
  fleetFile: string;
  slurm: Pick<SlurmAdapter, 'submit'>;
  paths: FleetPaths;
  /** Repository holding `infra/slurm/slurm_vllm_job.sh`. @default repositoryRoot() */
  home?: string;
  /** GPUs per job instead of `defaults.gpus` (`BIOPIPELINES_SLURM_GPUS`). */
  gpus?: number;
}

/** Returns a function that submits a role's job script with the fleet's sbatch options and returns the job id. */
export function createJobSubmitter(options: JobSubmitterOptions): (role: string) => Promise<string> {
  const home = options.home ?? repositoryRoot();
  return async (role) => {
    mkdirSync(options.paths.logDirectory, { recursive: true });
    const sbatchOptions = buildSbatchArguments({
      manifest: options.manifest,
      role,
      fleetFile: options.fleetFile,
      logDirectory: options.paths.logDirectory,
      ...(options.gpus === undefined ? {} : { gpus: options.gpus }),
    });
    // The job reads the same manifest and finds the repository through these (sbatch exports the environment).
    return options.slurm.submit(sbatchOptions, path.join(home, JOB_SCRIPT), [role], {
      BIOPIPELINES_HOME: home,
      BIOPIPELINES_FLEET_FILE: options.fleetFile,
    });
  };
}
