import { readEndpointRegistry, type FleetManifest, type Logger } from '@biopipe/core';
import { jobNameFor } from '../fleet/find-role.js';
import type { SlurmAdapter } from '../slurm/slurm-adapter.js';
import type { AlertNotifier } from './alert-notifier.js';
import { decideRoleAction } from './decide-role-action.js';
import type { MonitorMetrics } from './monitor-metrics.js';
import type { MonitorSettings } from './monitor-settings.js';
import { observeRole } from './observe-role.js';
import type { ResetRequests } from './reset-requests.js';
import type { EndpointCheck, RoleAction } from './role-observation.js';
import { initialRoleState, type MonitorState, type RoleState } from './role-state.js';
import { selectRoleJob, type JobOwner } from './select-role-job.js';
import type { StateStore } from './state-store.js';

export interface RoundDependencies {
  manifest: FleetManifest;
  settings: MonitorSettings;
  slurm: Pick<SlurmAdapter, 'listJobs' | 'cancel'>;
  submitJob: (role: string) => Promise<string>;
  checkEndpoint: (url: string, servedModelName: string) => Promise<EndpointCheck>;
  owner: JobOwner;
  registryDirectory: string;
  stateStore: StateStore;
  resetRequests: ResetRequests;
  notifier: AlertNotifier;
  metrics: MonitorMetrics;
  logger: Logger;
  /** Decide and report, but submit, cancel, save and post nothing. */
  dryRun: boolean;
  now: () => Date;
}

export interface RoundResult {
  /** Every role is healthy. */
  healthy: boolean;
  roles: Record<string, RoleState>;
}

async function carryOut(
  role: string,
  action: RoleAction,
  dependencies: RoundDependencies,
): Promise<string | undefined> {
  if (action.kind === 'none') return undefined;
  if (dependencies.dryRun) {
    dependencies.logger.info(
      `would ${action.kind === 'submit' ? 'submit a job' : `cancel job ${action.jobId} and submit a new one`} (dry run)`,
      { role, dry_run: true },
    );
    return undefined;
  }
  if (action.kind === 'cancel-and-submit') await dependencies.slurm.cancel(action.jobId);
  const jobId = await dependencies.submitJob(role);
  dependencies.metrics.recordRestart(role);
  dependencies.logger.info(`submitted job ${jobId}`, {
    role,
    job_id: jobId,
    cancelled_job_id: action.kind === 'cancel-and-submit' ? action.jobId : undefined,
  });
  return jobId;
}

/** One round: every role's job, endpoint and server, then restarts and alerts where needed. */
export async function runRound(dependencies: RoundDependencies): Promise<RoundResult> {
  const { manifest, logger, settings } = dependencies;
  const state: MonitorState = dependencies.stateStore.load();
  const resets = dependencies.dryRun ? dependencies.resetRequests.pending() : dependencies.resetRequests.consume();
  for (const role of resets) {
    logger.info('reset requested: counters, backoff and the gave-up mark cleared', {
      role,
      dry_run: dependencies.dryRun,
    });
    delete state.roles[role];
  }

  let jobs;
  try {
    jobs = await dependencies.slurm.listJobs();
  } catch (error) {
    logger.error('cannot list SLURM jobs; no role is judged this round', { reason: (error as Error).message });
    return { healthy: false, roles: state.roles };
  }
  const now = dependencies.now();
  const registry = readEndpointRegistry(dependencies.registryDirectory, {
    maxAgeSeconds: settings.registryMaxAgeSeconds,
    now,
  });
  for (const invalid of registry.invalid)
    logger.warn('ignoring an invalid registry entry', { file: invalid.file, reason: invalid.reason });

  await Promise.all(
    Object.entries(manifest.roles).map(async ([role, spec]) => {
      const job = selectRoleJob(jobs, jobNameFor(manifest, role), dependencies.owner);
      const observation = await observeRole({ role, spec, job, registry, check: dependencies.checkEndpoint });
      const decision = decideRoleAction({
        role,
        observation,
        previous: state.roles[role] ?? initialRoleState(),
        settings,
        now,
      });
      const next = decision.state;
      try {
        const submitted = await carryOut(role, decision.action, dependencies);
        if (submitted !== undefined) next.submitted_job_id = submitted;
      } catch (error) {
        logger.error('restart failed; trying again next round', { role, reason: (error as Error).message });
      }
      if (decision.alert !== undefined) await dependencies.notifier.notify(decision.alert);
      logger.debug('checked', { role, status: next.status, incident: next.incident, detail: next.detail });
      dependencies.metrics.recordRole(role, next, observation.kind === 'running' ? observation.check : undefined, now);
      state.roles[role] = next;
    }),
  );
  dependencies.metrics.recordRound();
  if (!dependencies.dryRun) dependencies.stateStore.save(state, now);
  return {
    healthy: Object.keys(manifest.roles).every((role) => state.roles[role]?.status === 'healthy'),
    roles: state.roles,
  };
}
