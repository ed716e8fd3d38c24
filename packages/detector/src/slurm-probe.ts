import type { Environment } from '@biopipe/core';
import { SINFO_FORMAT, parseSinfo } from './parse-sinfo.js';
import { runCommand, type CommandRunner } from './run-command.js';
import type { SlurmStatus } from './resource-status.js';

export interface ProbeSlurmOptions {
  /** Deadline for `sinfo`. */
  timeoutMs: number;
  /** The fleet's partition. @default "t4flex" */
  partition?: string;
  /** Whose PATH is searched for `sinfo`. @default process.env */
  env?: Environment;
  runner?: CommandRunner;
  /** Monotonic milliseconds. @default performance.now */
  now?: () => number;
}

/** Asks `sinfo` which partitions exist and whether the fleet's partition is up. Never throws. */
export async function probeSlurm(options: ProbeSlurmOptions): Promise<SlurmStatus> {
  const now = options.now ?? (() => performance.now());
  const partitionName = options.partition ?? 't4flex';
  const started = now();
  const outcome = await (options.runner ?? runCommand)('sinfo', ['--noheader', `--format=${SINFO_FORMAT}`], {
    timeoutMs: options.timeoutMs,
    env: options.env ?? process.env,
  });
  const status = (
    state: SlurmStatus['state'],
    reason: string,
    partitions: SlurmStatus['partitions'] = [],
  ): SlurmStatus => ({
    state,
    latency_ms: Math.round(now() - started),
    reason,
    partitions,
    fleet_partition: {
      name: partitionName,
      up: partitions.some((partition) => partition.name === partitionName && partition.up),
    },
  });
  switch (outcome.kind) {
    case 'missing':
      return status('missing', 'sinfo is not on PATH (SLURM client tools are not installed here)');
    case 'timeout':
    case 'aborted':
      return status('timeout', `sinfo did not answer within ${options.timeoutMs} ms (is slurmctld hanging?)`);
    case 'spawn-error':
      return status('failed', `sinfo could not be started: ${outcome.message}`);
    case 'exited': {
      if (outcome.code !== 0) {
        const detail = outcome.stderr.trim().split('\n').at(-1)?.trim() ?? '';
        return status('failed', `sinfo exited ${outcome.code}${detail === '' ? '' : `: ${detail}`}`);
      }
      const partitions = parseSinfo(outcome.stdout);
      const fleet = partitions.find((partition) => partition.name === partitionName);
      const summary =
        partitions.map((partition) => `${partition.name} ${partition.up ? 'up' : partition.availability}`).join(', ') ||
        'no partitions';
      const fleetNote =
        fleet === undefined
          ? `; no ${partitionName} partition`
          : fleet.up
            ? ''
            : `; ${partitionName} is not up (${fleet.availability}, nodes ${fleet.node_states.join('/')})`;
      return status('available', `${summary}${fleetNote}`, partitions);
    }
  }
}
