import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const workspace = path.resolve(import.meta.dirname, '../../../..');
export const simulatorBinary = path.join(workspace, 'tools/vllm-sim/bin/vllm');

/**
 * Makes sure the local Slurm cluster runs (infra/slurm/dev-cluster/start.sh is idempotent) and the
 * simulator is built. Never skips: a cluster that cannot start fails the tests, in CI and locally.
 */
export function ensureClusterAndSimulator(): void {
  if (!existsSync(simulatorBinary) || !existsSync(path.join(workspace, 'tools/vllm-sim/dist/cli/vllm-main.js'))) {
    throw new Error(
      `The simulator (${path.relative(workspace, simulatorBinary)}) is missing or not built; run: npx nx run vllm-sim:build`,
    );
  }
  const result = spawnSync('bash', [path.join(workspace, 'infra/slurm/dev-cluster/start.sh')], { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(
      `The local Slurm cluster could not start (exit ${result.status}); the job-script and monitor tests need it:\n${result.stdout}${result.stderr}`,
    );
  }
}

export interface SqueueRow {
  jobId: string;
  name: string;
  state: string;
  reason: string;
  restarts: number;
}

/** Every job the cluster remembers whose name starts with `prefix`. */
export function listJobs(prefix: string): SqueueRow[] {
  const result = spawnSync('squeue', ['-h', '-t', 'all', '-o', '%i|%j|%T|%r'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`squeue failed: ${result.stderr}`);
  return result.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [jobId = '', name = '', state = '', reason = ''] = line.trim().split('|');
      return { jobId, name, state, reason, restarts: 0 };
    })
    .filter((row) => row.name.startsWith(prefix));
}

/** `Restarts=N` of a job, from scontrol. */
export function restartCount(jobId: string): number {
  const result = spawnSync('scontrol', ['show', 'job', jobId], { encoding: 'utf8' });
  return Number(/Restarts=(\d+)/.exec(result.stdout)?.[1] ?? -1);
}

/** Cancels every job of ours (by name prefix) that has not finished. */
export function cancelJobs(prefix: string): void {
  const active = listJobs(prefix).filter((row) => !['COMPLETED', 'CANCELLED', 'FAILED', 'TIMEOUT'].includes(row.state));
  if (active.length > 0)
    spawnSync(
      'scancel',
      active.map((row) => row.jobId),
    );
}
