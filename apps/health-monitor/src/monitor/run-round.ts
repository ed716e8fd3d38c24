import { readEndpointRegistry, type FleetManifest, type Logger } from '@biopipe/core';
import { jobNameFor } from '../fleet/find-role.js';
import type { SlurmAdapter } from '../slurm/slurm-adapter.js';
import type { AlertNotifier } from './alert-notifier.js';
import { cancelDuplicateJobs } from './cancel-duplicate-jobs.js';
import { carryOutAction } from './carry-out-action.js';
import { decideRoleAction } from './decide-role-action.js';
import type { MonitorMetrics } from './monitor-metrics.js';
import type { MonitorSettings } from './monitor-settings.js';
import { observeRole } from './observe-role.js';
import { notePendingJob } from './pending-alert.js';
import type { ResetRequests } from './reset-requests.js';
import type { EndpointCheck } from './role-observation.js';
import { initialRoleState, type MonitorState, type RoleState } from './role-state.js';
import { selectRoleJob, type JobOwner } from './select-role-job.js';
import { noteListingFailure, noteListingSuccess } from './slurm-reachability.js';
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
  /** Aborted when the monitor stops: nothing more is submitted this round. */
  signal?: AbortSignal;
}

export interface RoundResult {
  /** Every role is healthy. */
  healthy: boolean;
  roles: Record<string, RoleState>;
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
    const reason = (error as Error).message;
    logger.error('cannot list SLURM jobs; no role is judged, submitted or cancelled this round', { reason });
    if (dependencies.signal?.aborted !== true) {
      const alert = noteListingFailure(state, settings, reason);
      if (alert !== undefined) await dependencies.notifier.notify(alert);
      if (!dependencies.dryRun) dependencies.stateStore.save(state, dependencies.now());
    }
    return { healthy: false, roles: state.roles };
  }
  const reachable = noteListingSuccess(state);
  if (reachable !== undefined) await dependencies.notifier.notify(reachable);
  const now = dependencies.now();
  const registry = readEndpointRegistry(dependencies.registryDirectory, {
    maxAgeSeconds: settings.registryMaxAgeSeconds,
    now,
  });
  for (const invalid of registry.invalid)
    logger.warn('ignoring an invalid registry entry', { file: invalid.file, reason: invalid.reason });

  await Promise.all(
    Object.entries(manifest.roles).map(async ([role, spec]) => {
      const jobName = jobNameFor(manifest, role);
      const duplicates = await cancelDuplicateJobs(role, jobName, jobs, dependencies);
      if (duplicates.alert !== undefined) await dependencies.notifier.notify(duplicates.alert);
      const job = selectRoleJob(duplicates.jobs, jobName, dependencies.owner);
      const observation = await observeRole({ role, spec, job, registry, check: dependencies.checkEndpoint });
      const previous = state.roles[role] ?? initialRoleState();
      const decision = decideRoleAction({ role, observation, previous, settings, now });
      const { state: next, alert } = await carryOutAction({ role, jobName, decision, previous, dependencies });
      if (alert !== undefined) await dependencies.notifier.notify(alert);
      const pendingAlert = notePendingJob(role, job, next, settings, now);
      if (pendingAlert !== undefined) await dependencies.notifier.notify(pendingAlert);
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
