import type { SlurmJob } from '../slurm/slurm-job.js';
import type { RoundDependencies } from './run-round.js';
import type { Alert } from './role-observation.js';
import { isOwnedJob } from './select-role-job.js';

export interface DuplicateJobs {
  /** The jobs the round goes on judging: the cancelled duplicates are left out. */
  jobs: SlurmJob[];
  alert: Alert | undefined;
}

const isActive = (job: SlurmJob): boolean => job.phase === 'running' || job.phase === 'pending';

/**
 * A role has one job. When two or more of the owner's jobs of the role are running or pending (a
 * submission raced a person's, or an earlier monitor judged by a bad listing), the one to keep is
 * the oldest running job, else the oldest pending one: it has served longest. The newer ones are
 * cancelled, with one alert; a cancel that fails is logged and tried again next round.
 */
export async function cancelDuplicateJobs(
  role: string,
  jobName: string,
  jobs: readonly SlurmJob[],
  dependencies: Pick<RoundDependencies, 'slurm' | 'owner' | 'logger' | 'dryRun'>,
): Promise<DuplicateJobs> {
  const active = jobs.filter((job) => isOwnedJob(job, jobName, dependencies.owner) && isActive(job));
  if (active.length < 2) return { jobs: [...jobs], alert: undefined };
  active.sort(
    (a, b) => Number(b.phase === 'running') - Number(a.phase === 'running') || Number(a.jobId) - Number(b.jobId),
  );
  const [kept, ...newer] = active;
  const ids = newer.map((job) => job.jobId);
  if (dependencies.dryRun) {
    dependencies.logger.info(`would cancel duplicate jobs ${ids.join(', ')}, keeping ${kept?.jobId} (dry run)`, {
      role,
      dry_run: true,
    });
    return { jobs: [...jobs], alert: undefined };
  }
  const cancelled: string[] = [];
  for (const jobId of ids) {
    try {
      await dependencies.slurm.cancel(jobId);
      cancelled.push(jobId);
    } catch (error) {
      dependencies.logger.error('cannot cancel a duplicate job; trying again next round', {
        role,
        job_id: jobId,
        reason: (error as Error).message,
      });
    }
  }
  if (cancelled.length === 0) return { jobs: [...jobs], alert: undefined };
  return {
    jobs: jobs.filter((job) => !cancelled.includes(job.jobId)),
    alert: {
      kind: 'duplicate-job',
      role,
      message: `${role} had ${active.length} jobs (${active.map((job) => `${job.jobId} ${job.state}`).join(', ')}); kept ${kept?.jobId} and cancelled the newer ${cancelled.join(', ')}`,
    },
  };
}
