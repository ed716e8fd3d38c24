import type { MonitorSettings } from './monitor-settings.js';
import type { Alert, RoleAction, RoleObservation } from './role-observation.js';
import type { Incident, RoleState } from './role-state.js';

const HOUR_MS = 3_600_000;

export interface DecideRoleActionOptions {
  role: string;
  observation: RoleObservation;
  previous: RoleState;
  settings: MonitorSettings;
  now: Date;
}

export interface RoleDecision {
  state: RoleState;
  action: RoleAction;
  /** Set only when the incident changed: at most one alert per role and round. */
  alert: Alert | undefined;
}

function describeJob(observation: RoleObservation): string {
  switch (observation.kind) {
    case 'no-job':
      return observation.lastJob === undefined
        ? 'no job'
        : `job ${observation.lastJob.jobId} ${observation.lastJob.state} (${observation.lastJob.reason})`;
    case 'running':
      return `job ${observation.job.jobId} on ${observation.job.node}: ${observation.check.url} ${observation.check.state}${observation.check.detail === '' ? '' : ` (${observation.check.detail})`}`;
    case 'pending':
    case 'ending':
      return `job ${observation.job.jobId} ${observation.job.state} (${observation.job.reason})`;
  }
}

function alertFor(role: string, from: Incident, to: Incident, message: string): Alert | undefined {
  if (from === to) return undefined;
  switch (to) {
    case 'none':
      return { kind: 'recovered', role, message: `${role} recovered: ${message}` };
    case 'down':
      return { kind: 'down', role, message: `${role} is down: ${message}` };
    case 'restarting':
      return { kind: 'restarting', role, message: `${role} is down; restarting: ${message}` };
    case 'gave_up':
      return {
        kind: 'gave-up',
        role,
        message: `${role}: gave up restarting: ${message}. Fix it, then run \`health-monitor --reset ${role}\`.`,
      };
  }
}

/** The backoff before the next restart, given the restarts already made within the hour. */
function backoffMs(restartCount: number, settings: MonitorSettings): number {
  if (restartCount === 0) return 0;
  return Math.min(settings.backoffMs * 2 ** (restartCount - 1), settings.maxBackoffMs);
}

/**
 * Decides, from what a round observed, a role's next state, whether to restart it, and whether to
 * alert. Pure: no I/O, time comes in as `now`. A pending job is never dead; a running job is
 * restarted after K consecutive failed checks (not counted during its startup grace); a missing or
 * finished job is restarted at once; restarts back off and stop at the hourly cap (`gave_up`), after
 * which the role is only observed until it is healthy again or reset.
 */
export function decideRoleAction(options: DecideRoleActionOptions): RoleDecision {
  const { role, observation, previous, settings, now } = options;
  const restarts = previous.restarts.filter((time) => now.getTime() - Date.parse(time) < HOUR_MS);
  const base: RoleState = { ...previous, restarts, last_check_at: now.toISOString(), detail: describeJob(observation) };
  const none: RoleAction = { kind: 'none' };
  const result = (state: RoleState, action: RoleAction = none): RoleDecision => ({
    state,
    action,
    alert: alertFor(role, previous.incident, state.incident, state.detail),
  });

  if (observation.kind === 'running' && observation.check.state === 'healthy') {
    return result({
      ...base,
      status: 'healthy',
      incident: 'none',
      consecutive_failures: 0,
      healthy_job_id: observation.job.jobId,
    });
  }
  if (observation.kind === 'pending')
    return result({
      ...base,
      status: previous.incident === 'restarting' ? 'restarting' : 'pending',
      consecutive_failures: 0,
    });
  if (observation.kind === 'ending') return result({ ...base, status: previous.status });

  let restart: RoleAction = { kind: 'submit' };
  if (observation.kind === 'running') {
    const { job } = observation;
    const startedMs = job.startedAt?.getTime() ?? now.getTime();
    if (previous.healthy_job_id !== job.jobId && now.getTime() - startedMs < settings.startupGraceMs) {
      return result({ ...base, status: 'starting', consecutive_failures: 0 });
    }
    const failures = previous.consecutive_failures + 1;
    if (failures < settings.failureThreshold) {
      return result({
        ...base,
        status: 'failing',
        consecutive_failures: failures,
        detail: `${base.detail}; ${failures} of ${settings.failureThreshold} failed checks`,
      });
    }
    base.consecutive_failures = failures;
    restart = { kind: 'cancel-and-submit', jobId: job.jobId };
  }

  if (previous.incident === 'gave_up') return result({ ...base, status: 'gave_up' });
  if (restarts.length >= settings.maxRestartsPerHour) {
    return result({
      ...base,
      status: 'gave_up',
      incident: 'gave_up',
      detail: `${base.detail}; ${restarts.length} restarts within the hour (cap ${settings.maxRestartsPerHour})`,
    });
  }
  const lastRestart = restarts.at(-1);
  const notBefore = lastRestart === undefined ? 0 : Date.parse(lastRestart) + backoffMs(restarts.length, settings);
  if (now.getTime() < notBefore) {
    const incident = previous.incident === 'restarting' ? 'restarting' : 'down';
    return result({
      ...base,
      status: 'down',
      incident,
      detail: `${base.detail}; next restart not before ${new Date(notBefore).toISOString()}`,
    });
  }
  return result(
    {
      ...base,
      status: 'restarting',
      incident: 'restarting',
      consecutive_failures: 0,
      restarts: [...restarts, now.toISOString()],
      detail: `${base.detail}; restart ${restarts.length + 1} of ${settings.maxRestartsPerHour} this hour`,
    },
    restart,
  );
}
