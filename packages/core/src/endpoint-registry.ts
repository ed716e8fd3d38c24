import { readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { endpointRegistryPath, type Environment } from './paths.js';
import { readConfigFile } from './read-config-file.js';
import type { EndpointRegistrySettings } from './strategy-profile-schema.js';

/**
 * One entry of the endpoint registry: a directory on the shared filesystem where each running vLLM
 * SLURM job writes one file, `ROLE.JOBID.json`, atomically (temp file + rename), refreshes it while
 * the server is healthy, and removes it on exit. One file per job means no job ever rewrites another's
 * entry, so concurrent jobs cannot lose each other's updates.
 */
export const endpointRegistryEntrySchema = z.object({
  schema_version: z.number().int().positive().default(1),
  role: z.string().min(1),
  url: z.url({ protocol: /^https?$/ }),
  job_id: z.string().min(1),
  node: z.string().default(''),
  served_model_name: z.string().optional(),
  /** ISO 8601 time the job last confirmed the server healthy. */
  updated_at: z.string(),
});
export type EndpointRegistryEntry = z.output<typeof endpointRegistryEntrySchema>;

export interface ReadEndpointRegistryOptions {
  /** Entries not refreshed for this long are stale and left out. */
  maxAgeSeconds: number;
  now?: Date;
}

export interface EndpointRegistrySnapshot {
  /** Fresh entries by role. */
  roles: Map<string, EndpointRegistryEntry[]>;
  /** Files that could not be read or parsed, with the reason (never fatal). */
  invalid: { file: string; reason: string }[];
  /** Entries left out because they were too old. */
  stale: EndpointRegistryEntry[];
}

/** Reads the registry directory. A missing directory is an empty registry. */
export function readEndpointRegistry(
  directory: string,
  options: ReadEndpointRegistryOptions,
): EndpointRegistrySnapshot {
  const snapshot: EndpointRegistrySnapshot = { roles: new Map(), invalid: [], stale: [] };
  let files: string[];
  try {
    files = readdirSync(directory)
      .filter((name) => name.endsWith('.json'))
      .sort();
  } catch {
    return snapshot;
  }
  const now = (options.now ?? new Date()).getTime();
  for (const name of files) {
    const file = path.join(directory, name);
    let entry: EndpointRegistryEntry;
    try {
      const parsed = endpointRegistryEntrySchema.safeParse(JSON.parse(readConfigFile(file, 'endpoint registry entry')));
      if (!parsed.success) {
        snapshot.invalid.push({
          file,
          reason: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
        });
        continue;
      }
      entry = parsed.data;
    } catch (error) {
      snapshot.invalid.push({ file, reason: (error as Error).message });
      continue;
    }
    const age = (now - Date.parse(entry.updated_at)) / 1000;
    if (!Number.isFinite(age) || age > options.maxAgeSeconds) {
      snapshot.stale.push(entry);
      continue;
    }
    const list = snapshot.roles.get(entry.role) ?? [];
    list.push(entry);
    snapshot.roles.set(entry.role, list);
  }
  return snapshot;
}

/**
 * The registry a profile's `endpoint_registry` names, read now: its `path` (else the state
 * directory's `endpoints`), entries fresher than its `max_age_s`. Undefined when the profile does not
 * enable it.
 */
export function readProfileEndpointRegistry(
  settings: EndpointRegistrySettings,
  options: { env: Environment; now?: Date | undefined },
): EndpointRegistrySnapshot | undefined {
  if (!settings.enabled) return undefined;
  return readEndpointRegistry(endpointRegistryPath(settings.path, options.env), {
    maxAgeSeconds: settings.max_age_s,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
}
