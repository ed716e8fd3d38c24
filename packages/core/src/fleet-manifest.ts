import path from 'node:path';
import { fleetManifestSchema, type FleetManifest } from './fleet-manifest-schema.js';
import { parseYamlConfig } from './parse-yaml-config.js';
import { builtinConfigDir } from './paths.js';
import { readConfigFile } from './read-config-file.js';

/** The repository's fleet manifest, `config/fleet.yaml`. */
export function defaultFleetManifestPath(): string {
  return path.join(builtinConfigDir(), 'fleet.yaml');
}

/** Loads and validates a fleet manifest. @throws ConfigFileUnreadableError, ConfigValidationError */
export function loadFleetManifest(file: string = defaultFleetManifestPath()): FleetManifest {
  return parseYamlConfig(readConfigFile(file), file, fleetManifestSchema);
}
