import type { SlurmJob } from '../slurm/slurm-job.js';

/** Who the monitor is: it only ever looks at, cancels or replaces jobs of this user. */
export interface JobOwner {
  userId: number;
  userName: string;
}

const PHASE_ORDER = { running: 0, pending: 1, ending: 2, finished: 3 } as const;

/** Whether the job carries the role's job name and belongs to the owner. */
export function isOwnedJob(job: SlurmJob, jobName: string, owner: JobOwner): boolean {
  if (job.name !== jobName) return false;
  return job.userId === undefined ? job.userName === owner.userName : job.userId === owner.userId;
}

/**
 * The job that stands for a role: among the owner's jobs of that name, a running one before a
 * pending one before an ending one before a finished one, the newest first within each.
 */
export function selectRoleJob(jobs: readonly SlurmJob[], jobName: string, owner: JobOwner): SlurmJob | undefined {
  const owned = jobs.filter((job) => isOwnedJob(job, jobName, owner));
  owned.sort((a, b) => PHASE_ORDER[a.phase] - PHASE_ORDER[b.phase] || Number(b.jobId) - Number(a.jobId));
  return owned[0];
}
