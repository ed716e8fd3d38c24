import {
  BiopipeError,
  type AutoDetectResult,
  type AutoDetectStrategy,
  type Environment,
  type ProfileRegistry,
  type StrategyConfig,
} from '@biopipe/core';
import { collectCloudModels, collectEndpoints } from './collect-endpoints.js';
import { ResourceDetector, type FromStrategyOptions } from './resource-detector.js';
import type { DetectorEndpoint, EndpointStatus, ResourceStatus } from './resource-status.js';

export interface DetectStrategyOptions extends Omit<FromStrategyOptions, 'slurm' | 'verifyKeys' | 'cacheTtlMs'> {
  registry: ProfileRegistry;
  /**
   * Profiles whose endpoints are probed (static URLs and fresh endpoint-registry entries), in order of
   * preference: the first with a healthy endpoint is picked. @default ["t4_hybrid", "development"]
   */
  localProfiles?: readonly string[];
  /** Picked when no local endpoint is healthy and a key of one of its cloud models is set. @default "cloud_only" */
  cloudProfile?: string;
}

/** What auto-detection checked and what it would pick. */
export interface StrategyDetection {
  /** Undefined when nothing is available; `error` then says what was checked. */
  pick: AutoDetectResult | undefined;
  error: BiopipeError | undefined;
  /** Endpoints of every local profile and the cloud profile's keys (no SLURM probe). */
  status: ResourceStatus;
}

const describeHealthy = (healthy: readonly EndpointStatus[]): string =>
  healthy.map((endpoint) => `${endpoint.role} ${endpoint.url}`).join(', ');

/**
 * Picks a strategy from what answers (DESIGN.md, request flow step 2): a healthy vLLM endpoint of
 * `t4_hybrid` picks `t4_hybrid`; failing that, a healthy endpoint of the simulated development fleet
 * picks `development` (t4_hybrid's cluster hosts are not there, so routing to it could not work);
 * else a key of a cloud model `cloud_only` uses picks `cloud_only`; else an error listing every check.
 */
export async function detectStrategy(options: DetectStrategyOptions): Promise<StrategyDetection> {
  const env: Environment = options.env ?? process.env;
  const local = (options.localProfiles ?? ['t4_hybrid', 'development']).map((name) => options.registry.load(name));
  const cloud = options.registry.load(options.cloudProfile ?? 'cloud_only');
  const owners = new Map<string, StrategyConfig>();
  const endpoints: DetectorEndpoint[] = [];
  for (const config of local) {
    for (const endpoint of collectEndpoints(config, { fleet: options.fleet, env })) {
      const key = `${endpoint.role} ${endpoint.url}`;
      if (owners.has(key)) continue;
      owners.set(key, config);
      endpoints.push(endpoint);
    }
  }
  const { registry: _registry, localProfiles: _local, cloudProfile: _cloud, fleet: _fleet, ...rest } = options;
  const detector = new ResourceDetector({
    timeoutMs: local[0]?.profile.health.check_timeout_ms ?? cloud.profile.health.check_timeout_ms,
    ...rest,
    env,
    endpoints,
    cloudModels: collectCloudModels(cloud).filter((model) => model.used),
    slurm: false,
  });
  const status = await detector.refresh();
  const healthy = status.vllm_endpoints.filter((endpoint) => endpoint.state === 'healthy');
  for (const config of local) {
    const mine = healthy.filter((endpoint) => owners.get(`${endpoint.role} ${endpoint.url}`) === config);
    if (mine.length > 0) {
      const count = `${mine.length} healthy vLLM endpoint${mine.length === 1 ? '' : 's'}`;
      return {
        pick: { strategy: config.name, reason: `${count} of ${config.name} (${describeHealthy(mine)})` },
        error: undefined,
        status,
      };
    }
  }
  // Only a chat model's key makes cloud_only useful; an embeddings key alone cannot answer a prompt.
  const keys = status.cloud_apis.filter((api) => api.key === 'present' && api.kind === 'chat');
  if (keys.length > 0) {
    const names = [...new Set(keys.map((api) => api.api_key_env))].join(', ');
    return {
      pick: { strategy: cloud.name, reason: `no healthy vLLM endpoint; ${names} set` },
      error: undefined,
      status,
    };
  }
  return {
    pick: undefined,
    error: detectionError(
      status,
      local.map((config) => config.name),
    ),
    status,
  };
}

/** Lists what was checked, one line each, and how to make one of them available. */
function detectionError(status: ResourceStatus, profiles: readonly string[]): BiopipeError {
  const endpoints = status.vllm_endpoints.map(
    (endpoint) => `  ${endpoint.role} ${endpoint.url}: ${endpoint.state} — ${endpoint.reason}`,
  );
  const keyNames = [...new Set(status.cloud_apis.filter((api) => api.kind === 'chat').map((api) => api.api_key_env))];
  const lines = [
    'No strategy was named and auto-detection found no backend.',
    `Checked ${status.vllm_endpoints.length} vLLM endpoint${status.vllm_endpoints.length === 1 ? '' : 's'} (profiles ${profiles.join(', ')} and the endpoint registry), none healthy:`,
    ...endpoints,
    `Checked chat models' cloud keys: ${keyNames.length === 0 ? 'none configured' : `${keyNames.join(', ')} (none set)`}.`,
  ];
  return new BiopipeError('strategy_detection_failed', lines.join('\n'), {
    hint: `Start the development fleet (nx run vllm-sim:fleet), set ${keyNames.join(' or ') || 'a cloud API key'}, or pass --strategy NAME (see biopipe strategy list).`,
  });
}

/** Core's auto-detection hook: the picked strategy, or the detection error. */
export function createStrategyAutoDetector(options: DetectStrategyOptions): AutoDetectStrategy {
  return async () => {
    const detection = await detectStrategy(options);
    if (detection.pick === undefined)
      throw detection.error ?? new BiopipeError('strategy_detection_failed', 'Auto-detection found no backend.');
    return detection.pick;
  };
}
