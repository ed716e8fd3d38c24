import type { EndpointRegistrySnapshot, FleetRole } from '@biopipe/core';
import type { SlurmJob } from '../slurm/slurm-job.js';
import type { EndpointCheck, RoleObservation } from './role-observation.js';

export interface ObserveRoleOptions {
  role: string;
  spec: FleetRole;
  job: SlurmJob | undefined;
  registry: EndpointRegistrySnapshot;
  check: (url: string, servedModelName: string) => Promise<EndpointCheck>;
}

/**
 * Turns a role's job into an observation. A running job is checked at the URL its registry entry
 * gives; before it publishes one (still loading), at `http://NODE:PORT` from squeue and the manifest.
 */
export async function observeRole(options: ObserveRoleOptions): Promise<RoleObservation> {
  const { job, spec } = options;
  if (job === undefined || job.phase === 'finished') return { kind: 'no-job', lastJob: job };
  if (job.phase === 'pending') return { kind: 'pending', job };
  if (job.phase === 'ending') return { kind: 'ending', job };
  const entry = options.registry.roles.get(options.role)?.find((candidate) => candidate.job_id === job.jobId);
  const url = entry?.url ?? `http://${job.node}:${spec.port}`;
  return { kind: 'running', job, check: await options.check(url, spec.served_model_name) };
}
