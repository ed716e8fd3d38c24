import path from 'node:path';
import { endpointRegistryPath, stateDir, UsageError, type Environment } from '@biopipe/core';

/** Where the fleet's jobs and the health monitor keep their files. */
export interface FleetPaths {
  /** `BIOPIPELINES_STATE_DIR`, else `$XDG_STATE_HOME/biopipe`, else `~/.local/state/biopipe`. */
  stateDirectory: string;
  /** The endpoint registry: one `ROLE.JOBID.json` per running job. */
  registryDirectory: string;
  /** SLURM output files of the fleet's jobs. */
  logDirectory: string;
  /** The health monitor's state file, lock file and reset requests. */
  monitorDirectory: string;
}

export function resolveFleetPaths(env: Environment = process.env): FleetPaths {
  const state = stateDir(env);
  return {
    stateDirectory: state,
    registryDirectory: endpointRegistryPath(undefined, env),
    logDirectory: path.join(state, 'logs'),
    monitorDirectory: path.join(state, 'health-monitor'),
  };
}

/** `BIOPIPELINES_SLURM_GPUS`: GPUs per job instead of the manifest's `defaults.gpus` (0 on a cluster without GPUs). */
export function readGpuOverride(env: Environment = process.env): number | undefined {
  const value = env['BIOPIPELINES_SLURM_GPUS'];
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value)) {
    throw new UsageError(
      `BIOPIPELINES_SLURM_GPUS must be a whole number of GPUs, got "${value}".`,
      'Set it to 0 on a cluster without GPUs, or unset it to use defaults.gpus from the fleet manifest.',
    );
  }
  return Number(value);
}

/** The fleet manifest file: `BIOPIPELINES_FLEET_FILE`, else undefined (core's default, `config/fleet.yaml`). */
export function fleetFileFromEnvironment(env: Environment = process.env): string | undefined {
  const value = env['BIOPIPELINES_FLEET_FILE'];
  return value === undefined || value === '' ? undefined : value;
}
