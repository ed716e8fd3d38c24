import type { SlurmJob } from '../slurm/slurm-job.js';
import type { MonitorSettings } from './monitor-settings.js';
import type { Alert } from './role-observation.js';
import type { RoleState } from './role-state.js';

function formatMinutes(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  return minutes >= 60 ? `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m` : `${minutes}m`;
}

/**
 * Times a role's pending job and returns one alert when it has waited longer than the setting (held,
 * or waiting for a node that never frees up): a pending job is never restarted, so without this it
 * could wait unnoticed. The wait counts from squeue's submit time for a job never requeued, else
 * from the first round that saw it pending (a requeue may keep the original submit time). Updates
 * `state` in place.
 */
export function notePendingJob(
  role: string,
  job: SlurmJob | undefined,
  state: RoleState,
  settings: MonitorSettings,
  now: Date,
): Alert | undefined {
  if (job === undefined || job.phase !== 'pending') {
    delete state.pending_job_id;
    delete state.pending_since;
    return undefined;
  }
  if (state.pending_job_id !== job.jobId) {
    const submitted = job.restartCount === 0 ? job.submittedAt : undefined;
    state.pending_job_id = job.jobId;
    state.pending_since = (submitted !== undefined && submitted < now ? submitted : now).toISOString();
  }
  const waitedMs = now.getTime() - Date.parse(state.pending_since ?? now.toISOString());
  if (waitedMs < settings.pendingAlertMs || state.pending_alerted_job_id === job.jobId) return undefined;
  state.pending_alerted_job_id = job.jobId;
  return {
    kind: 'pending-long',
    role,
    message: `${role}: job ${job.jobId} has been ${job.state} for ${formatMinutes(waitedMs)} (reason: ${job.reason || 'none given'}); check \`scontrol show job ${job.jobId}\``,
  };
}
