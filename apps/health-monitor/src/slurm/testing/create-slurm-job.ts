import type { SlurmJob } from '../slurm-job.js';

/** A running job of the `coder` role (job 1, root, on n1) for tests; `overrides` change any field. */
export function createSlurmJob(overrides: Partial<SlurmJob> = {}): SlurmJob {
  return {
    jobId: '1',
    name: 'biopipe-vllm-coder',
    userId: 0,
    userName: 'root',
    state: 'RUNNING',
    flags: [],
    phase: 'running',
    reason: 'None',
    node: 'n1',
    submittedAt: undefined,
    startedAt: new Date(0),
    exitStatus: undefined,
    signal: undefined,
    restartCount: 0,
    ...overrides,
  };
}
