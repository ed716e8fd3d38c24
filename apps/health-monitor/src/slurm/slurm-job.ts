/** Base job states (squeue's `job_state` without flags such as COMPLETING or REQUEUED). */
export const FINISHED_JOB_STATES = [
  'COMPLETED',
  'CANCELLED',
  'FAILED',
  'TIMEOUT',
  'NODE_FAIL',
  'PREEMPTED',
  'BOOT_FAIL',
  'DEADLINE',
  'OUT_OF_MEMORY',
] as const;

/**
 * What a job's state means to the health monitor:
 * - `pending`: queued or about to start again (PENDING, REQUEUED, CONFIGURING, SUSPENDED) — not dead;
 * - `running`: the batch script runs;
 * - `ending`: COMPLETING or signalling; gone soon, so left alone for this round;
 * - `finished`: COMPLETED, CANCELLED, FAILED, TIMEOUT and the other final states.
 */
export type JobPhase = 'pending' | 'running' | 'ending' | 'finished';

/** One SLURM job, the same whichever Slurm version printed it. */
export interface SlurmJob {
  jobId: string;
  name: string;
  userId: number | undefined;
  userName: string;
  /** Base state, e.g. RUNNING; flags such as COMPLETING are in `flags`. */
  state: string;
  flags: readonly string[];
  phase: JobPhase;
  /** Why it is pending or ended, e.g. BeginTime, Resources, NonZeroExitCode. */
  reason: string;
  /** The node the batch script runs on (empty while pending). */
  node: string;
  /** When it was submitted (or, on clusters that reset it, requeued); undefined when squeue does not say. */
  submittedAt: Date | undefined;
  /** When it started running (undefined while pending). */
  startedAt: Date | undefined;
  /** The batch script's exit status, when it exited. */
  exitStatus: number | undefined;
  /** The signal that ended it, when one did. */
  signal: number | undefined;
  /** How often it was requeued. */
  restartCount: number;
}
