import { describeDisabledRole, UsageError, type FleetManifest, type FleetRole } from '@biopipe/core';
import { UnknownRoleError } from './unknown-role-error.js';

/**
 * A role's settings from the manifest.
 * @throws UsageError for a role the file writes with `enabled: false`, UnknownRoleError for any other
 */
export function findRole(manifest: FleetManifest, role: string, fleetFile: string): FleetRole {
  const spec = Object.hasOwn(manifest.roles, role) ? manifest.roles[role] : undefined;
  if (spec !== undefined) return spec;
  const disabled = describeDisabledRole(role, fleetFile);
  if (disabled !== undefined) throw new UsageError(disabled.message, disabled.hint);
  throw new UnknownRoleError(role, Object.keys(manifest.roles), fleetFile);
}

/** The SLURM job name of a role's job: the fleet's prefix plus the role, e.g. `biopipe-vllm-coder`. */
export function jobNameFor(manifest: FleetManifest, role: string): string {
  return `${manifest.defaults.job_name_prefix}${role}`;
}
