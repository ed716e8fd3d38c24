import { existsSync } from 'node:fs';
import path from 'node:path';
import { fleetManifestSchema, type FleetManifest } from './fleet-manifest-schema.js';
import { isFleetOverlay, loadFleetOverlay } from './fleet-overlay.js';
import { parseYamlConfig } from './parse-yaml-config.js';
import { builtinConfigDir } from './paths.js';
import { readConfigFile } from './read-config-file.js';

/** The repository's fleet manifest, `config/fleet.yaml`. */
export function defaultFleetManifestPath(): string {
  return path.join(builtinConfigDir(), 'fleet.yaml');
}

/**
 * Loads and validates a fleet manifest, or an overlay of one (`extends: fleet.yaml`).
 * @throws ConfigFileUnreadableError, ConfigValidationError
 */
export function loadFleetManifest(file: string = defaultFleetManifestPath()): FleetManifest {
  return withoutDisabledRoles(loadEveryRole(file));
}

function loadEveryRole(file: string): FleetManifest {
  const text = readConfigFile(file, 'fleet manifest');
  return isFleetOverlay(text) ? loadFleetOverlay(text, file) : parseYamlConfig(text, file, fleetManifestSchema);
}

/** The overlay of the built-in `config/fleet.yaml` that turns its optional specialist roles on. */
export function specialistsOverlayPath(): string {
  return path.join(builtinConfigDir(), 'fleet.specialists.yaml');
}

/**
 * Why a role is missing from the manifest loaded from `file` when the file writes it with `enabled:
 * false` (a specialist not turned on yet): which file, and how to turn it on. Undefined when the file
 * has no such role at all. It reads the file again, so call it only once a lookup has failed.
 */
export function describeDisabledRole(role: string, file: string): { message: string; hint: string } | undefined {
  let every: FleetManifest;
  try {
    every = loadEveryRole(file);
  } catch {
    return undefined;
  }
  if (!Object.hasOwn(every.roles, role) || every.roles[role]?.enabled !== false) return undefined;
  const turnOn = `Set enabled: true under roles.${role} in ${file}`;
  const overlay = specialistsOverlayPath();
  return {
    message: `Role "${role}" is disabled in ${file} (enabled: false).`,
    // The path ends the hint, so it can be copied without a stray punctuation mark.
    hint: enablesRole(overlay, role, file)
      ? `${turnOn}, or use the overlay that turns it on: BIOPIPELINES_FLEET_FILE=${overlay}`
      : `${turnOn}.`,
  };
}

/** Whether `overlay` extends `file` and turns `role` on there. */
function enablesRole(overlay: string, role: string, file: string): boolean {
  if (path.resolve(file) !== defaultFleetManifestPath() || !existsSync(overlay)) return false;
  try {
    return Object.hasOwn(loadFleetManifest(overlay).roles, role);
  } catch {
    return false;
  }
}

/** The manifest with only its enabled roles: a disabled optional role does not exist for anyone. */
function withoutDisabledRoles(manifest: FleetManifest): FleetManifest {
  return { ...manifest, roles: Object.fromEntries(Object.entries(manifest.roles).filter(([, role]) => role.enabled)) };
}
