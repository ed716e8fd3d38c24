import type { FleetManifest, FleetRole } from '@biopipe/core';
import { UnknownRoleError } from './unknown-role-error.js';

/** A role's settings from the manifest. @throws UnknownRoleError */
export function findRole(manifest: FleetManifest, role: string, fleetFile: string): FleetRole {
  const spec = Object.hasOwn(manifest.roles, role) ? manifest.roles[role] : undefined;
  if (spec === undefined) throw new UnknownRoleError(role, Object.keys(manifest.roles), fleetFile);
  return spec;
}

/** The SLURM job name of a role's job: the fleet's prefix plus the role, e.g. `biopipe-vllm-coder`. */
export function jobNameFor(manifest: FleetManifest, role: string): string {
  return `${manifest.defaults.job_name_prefix}${role}`;
}
