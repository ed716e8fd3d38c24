import type { RoundDependencies } from './run-round.js';
import type { RoleDecision } from './decide-role-action.js';
import type { Alert } from './role-observation.js';
import type { RoleState } from './role-state.js';
import { isOwnedJob } from './select-role-job.js';

export interface CarryOutOptions {
  role: string;
  jobName: string;
  decision: RoleDecision;
  previous: RoleState;
  dependencies: RoundDependencies;
}

/** The role's state after the action, and the alert to send (the decision's, or one saying the restart failed). */
export interface CarryOutResult {
  state: RoleState;
  alert: Alert | undefined;
}

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Cancels and submits as decided. Right before submitting it lists the jobs again: a job of the
 * role that appeared since the round's listing (a person's sbatch, a successor the job script
 * submitted) means no second one is submitted. A restart that did not happen (cancel or sbatch
 * failed, the listing failed, a job appeared, the monitor is stopping) is not counted against the
 * hourly cap, and a failed one raises one alert saying so.
 */
export async function carryOutAction(options: CarryOutOptions): Promise<CarryOutResult> {
  const { role, decision, previous, dependencies } = options;
  const { action } = decision;
  const { logger } = dependencies;
  if (action.kind === 'none') return { state: decision.state, alert: decision.alert };
  if (dependencies.dryRun) {
    logger.info(
      `would ${action.kind === 'submit' ? 'submit a job' : `cancel job ${action.jobId} and submit a new one`} (dry run)`,
      { role, dry_run: true },
    );
    return { state: decision.state, alert: decision.alert };
  }
  const cancelledJobId = action.kind === 'cancel-and-submit' ? action.jobId : undefined;
  const notRestarted = (why: string, kept: Pick<RoleState, 'status' | 'incident'>): RoleState => ({
    ...decision.state,
    ...kept,
    restarts: decision.state.restarts.slice(0, -1),
    consecutive_failures: previous.consecutive_failures + (cancelledJobId === undefined ? 0 : 1),
    detail: `${decision.state.detail.replace(/; restart \d+ of \d+ this hour$/, '')}; ${why}`,
  });
  const unchanged = { status: previous.status, incident: previous.incident };
  const failed = (what: string): CarryOutResult => {
    logger.error(`${what}; not counted as a restart, trying again next round`, { role });
    const state = { ...notRestarted(what, { status: 'down', incident: 'down' }), submit_failed: true };
    if (previous.submit_failed) return { state, alert: undefined };
    return {
      state,
      alert: { kind: 'restart-failed', role, message: `${role} is down and the restart failed: ${what}` },
    };
  };

  if (dependencies.signal?.aborted === true) {
    logger.info('not restarting: the monitor is stopping', { role });
    return { state: notRestarted('the monitor stopped before restarting it', unchanged), alert: undefined };
  }
  if (cancelledJobId !== undefined) {
    try {
      await dependencies.slurm.cancel(cancelledJobId);
    } catch (error) {
      return failed(`cancelling job ${cancelledJobId} failed: ${reasonOf(error)}`);
    }
  }
  let jobs;
  try {
    jobs = await dependencies.slurm.listJobs();
  } catch (error) {
    logger.warn('cannot list SLURM jobs right before submitting; not submitting this round', {
      role,
      reason: reasonOf(error),
    });
    return { state: notRestarted('Slurm could not list jobs right before submitting', unchanged), alert: undefined };
  }
  const appeared = jobs.filter(
    (job) =>
      isOwnedJob(job, options.jobName, dependencies.owner) && job.phase !== 'finished' && job.jobId !== cancelledJobId,
  );
  if (appeared.length > 0) {
    const ids = appeared.map((job) => `${job.jobId} (${job.state})`).join(', ');
    logger.warn('a job of the role appeared since the round began; not submitting a second one', { role, jobs: ids });
    return { state: notRestarted(`job ${ids} appeared; not submitting another`, unchanged), alert: undefined };
  }
  let jobId: string;
  try {
    jobId = await dependencies.submitJob(role);
  } catch (error) {
    return failed(`submitting a job failed: ${reasonOf(error)}`);
  }
  dependencies.metrics.recordRestart(role);
  logger.info(`submitted job ${jobId}`, { role, job_id: jobId, cancelled_job_id: cancelledJobId });
  return { state: { ...decision.state, submitted_job_id: jobId, submit_failed: false }, alert: decision.alert };
}
