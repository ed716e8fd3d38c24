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
  const text = readConfigFile(file);
  return withoutDisabledRoles(
    isFleetOverlay(text) ? loadFleetOverlay(text, file) : parseYamlConfig(text, file, fleetManifestSchema),
  );
}

/** The manifest with only its enabled roles: a disabled optional role does not exist for anyone. */
function withoutDisabledRoles(manifest: FleetManifest): FleetManifest {
  return { ...manifest, roles: Object.fromEntries(Object.entries(manifest.roles).filter(([, role]) => role.enabled)) };
}
