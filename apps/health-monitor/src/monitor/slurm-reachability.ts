import type { MonitorSettings } from './monitor-settings.js';
import type { Alert } from './role-observation.js';
import type { MonitorState } from './role-state.js';

/**
 * Counts a round whose job listing failed. Returns the one alert, sent when the count reaches the
 * threshold; a single failed round (slurmctld restarting) is only logged.
 */
export function noteListingFailure(state: MonitorState, settings: MonitorSettings, reason: string): Alert | undefined {
  const failedRounds = (state.slurm?.failed_rounds ?? 0) + 1;
  const alert = failedRounds >= settings.slurmFailureThreshold && state.slurm?.alerted !== true;
  state.slurm = { failed_rounds: failedRounds, alerted: alert || state.slurm?.alerted === true };
  if (!alert) return undefined;
  return {
    kind: 'slurm-unreachable',
    message: `Slurm cannot be reached: ${failedRounds} rounds in a row could not list jobs (${reason}). No role is judged, submitted or cancelled until it can.`,
  };
}

/** Clears the count after a listing that worked; says so when the unreachable alert went out. */
export function noteListingSuccess(state: MonitorState): Alert | undefined {
  const alerted = state.slurm?.alerted === true;
  const failedRounds = state.slurm?.failed_rounds ?? 0;
  delete state.slurm;
  if (!alerted) return undefined;
  return { kind: 'slurm-reachable', message: `Slurm can be reached again after ${failedRounds} failed rounds.` };
}
