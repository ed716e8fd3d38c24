import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { ConfigValidationError } from './config-errors.js';
import {
  fleetDefaultsSchema,
  fleetManifestSchema,
  fleetRoleSchema,
  type FleetManifest,
} from './fleet-manifest-schema.js';
import { parseYamlConfig } from './parse-yaml-config.js';
import { readConfigFile } from './strategy-config.js';

/**
 * A fleet overlay names a full manifest under `extends` (relative to the overlay) and changes only
 * some fields of it, e.g. `config/fleet.dev.yaml` lowers the memory for a small development machine;
 * the base stays the single source of truth for everything else.
 */
const fleetOverlaySchema = z.strictObject({
  extends: z.string().min(1),
  defaults: fleetDefaultsSchema.partial().optional(),
  roles: z.record(z.string(), fleetRoleSchema.partial()).optional(),
});

/** Whether a manifest's text is an overlay (has a top-level `extends:` key). */
export function isFleetOverlay(text: string): boolean {
  return /^extends:/m.test(text);
}

type Plain = Record<string, unknown>;

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The base with the overlay's values laid over it, map by map; lists and scalars are replaced. */
function mergeValues(base: unknown, overlay: unknown): unknown {
  if (!isPlain(base) || !isPlain(overlay)) return overlay;
  const merged: Plain = { ...base };
  for (const [key, value] of Object.entries(overlay)) merged[key] = mergeValues(base[key], value);
  return merged;
}

/** Loads an overlay and the manifest it extends. @throws ConfigFileUnreadableError, ConfigValidationError */
export function loadFleetOverlay(text: string, file: string): FleetManifest {
  // Located errors first: the overlay's own keys, then the base as a manifest of its own.
  parseYamlConfig(text, file, fleetOverlaySchema);
  const { extends: baseName, ...changes } = parse(text) as Plain & { extends: string };
  const baseFile = path.resolve(path.dirname(file), baseName);
  const baseText = readConfigFile(baseFile, 'fleet manifest');
  if (isFleetOverlay(baseText))
    throw new ConfigValidationError(file, [
      {
        path: 'extends',
        message: `${baseName} is itself an overlay`,
        hint: 'Extend a full manifest such as fleet.yaml.',
      },
    ]);
  parseYamlConfig(baseText, baseFile, fleetManifestSchema);
  const result = fleetManifestSchema.safeParse(mergeValues(parse(baseText), changes));
  if (result.success) return result.data;
  throw new ConfigValidationError(
    file,
    result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
      hint: `The overlay laid over ${baseName} makes this value invalid.`,
    })),
  );
}
