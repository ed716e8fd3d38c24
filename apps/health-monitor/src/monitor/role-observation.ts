import type { EndpointState } from '@biopipe/core';
import type { SlurmJob } from '../slurm/slurm-job.js';

/** One active check of a role's server. */
export interface EndpointCheck {
  url: string;
  state: EndpointState;
  latencyMs: number;
  /** What went wrong, in words (empty when healthy). */
  detail: string;
}

/** What a round found for one role: its job (by name prefix and owner) and, when running, its server. */
export type RoleObservation =
  | { kind: 'no-job'; lastJob: SlurmJob | undefined }
  | { kind: 'pending'; job: SlurmJob }
  | { kind: 'ending'; job: SlurmJob }
  | { kind: 'running'; job: SlurmJob; check: EndpointCheck };

/** What the monitor does about a role this round. */
export type RoleAction = { kind: 'none' } | { kind: 'submit' } | { kind: 'cancel-and-submit'; jobId: string };

/**
 * Something a person should hear about, sent to the log and the webhook: a change of a role's
 * incident, a failed submission, a duplicate job cancelled, a job pending too long, or Slurm itself
 * unreachable (no role) and reachable again.
 */
export interface Alert {
  kind:
    | 'down'
    | 'restarting'
    | 'recovered'
    | 'gave-up'
    | 'restart-failed'
    | 'duplicate-job'
    | 'pending-long'
    | 'slurm-unreachable'
    | 'slurm-reachable';
  /** The role, unless the alert is about Slurm as a whole. */
  role?: string;
  message: string;
}
