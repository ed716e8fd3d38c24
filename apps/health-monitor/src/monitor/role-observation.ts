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

/** A change of a role's incident, sent to the log and the webhook. */
export interface Alert {
  kind: 'down' | 'restarting' | 'recovered' | 'gave-up';
  role: string;
  message: string;
}
