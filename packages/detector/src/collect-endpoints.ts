import { readProfileEndpointRegistry, type Environment, type FleetManifest, type StrategyConfig } from '@biopipe/core';
import { baseUrlOf } from './check-endpoint.js';
import type { CloudModelEntry, DetectorEndpoint } from './resource-status.js';

export interface CollectEndpointsOptions {
  /** Gives each role's served model name when the profile does not state one. */
  fleet?: FleetManifest | undefined;
  env?: Environment;
  /** @default new Date() */
  now?: Date;
}

/**
 * Every endpoint a profile knows: the static `vllm_endpoints`, then (when the profile enables the
 * endpoint registry) the fresh registry entries, which SLURM jobs publish wherever they landed.
 * The expected served name is the profile's, else the registry entry's, else the fleet manifest's.
 */
export function collectEndpoints(config: StrategyConfig, options: CollectEndpointsOptions = {}): DetectorEndpoint[] {
  const expected = (role: string, stated: string | undefined): string | undefined =>
    stated ?? options.fleet?.roles[role]?.served_model_name;
  const endpoints: DetectorEndpoint[] = [];
  const seen = new Set<string>();
  const add = (endpoint: DetectorEndpoint): void => {
    const key = `${endpoint.role} ${baseUrlOf(endpoint.url)}`;
    if (seen.has(key)) return;
    seen.add(key);
    endpoints.push(endpoint);
  };
  for (const role of config.roles) {
    const { urls, servedModelName } = config.roleEndpoints(role);
    for (const url of urls) add({ role, url, expectedModel: expected(role, servedModelName), source: 'profile' });
  }
  const registry = readProfileEndpointRegistry(config.profile.endpoint_registry, {
    env: options.env ?? process.env,
    now: options.now,
  });
  for (const [role, entries] of registry?.roles ?? []) {
    const stated = config.roleEndpoints(role).servedModelName;
    for (const entry of entries) {
      add({
        role,
        url: entry.url,
        expectedModel: stated ?? entry.served_model_name ?? expected(role, undefined),
        source: 'registry',
        jobId: entry.job_id,
      });
    }
  }
  return endpoints;
}

/** Every cloud model of the profile's catalogue, marking those its chains use. */
export function collectCloudModels(config: StrategyConfig): CloudModelEntry[] {
  const used = new Set([...config.fallbackChain, ...config.profile.embeddings_fallback]);
  return Object.entries(config.cloudCatalogue).map(([name, model]) => ({
    name,
    model,
    used: config.allowCloud && used.has(name),
  }));
}
