import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ProfileRegistry, type StrategyProfile } from '@biopipe/core';
import type { Fleet } from '@biopipe/vllm-sim';
import { stringify } from 'yaml';

/** The demo's two strategies, on the fleet it started. */
export const DEMO_HYBRID = 'demo_hybrid';
export const DEMO_LOCAL_ONLY = 'demo_local_only';

/**
 * Writes the demo's profiles into `configDir/strategies/`: the built-in `development` profile with
 * the fleet's actual (free) ports, and a PHI-safe twin of it. Both go through the same validation as
 * any user profile when the registry loads them.
 */
export function writeDemoProfiles(configDir: string, fleet: Fleet): ProfileRegistry {
  const development = new ProfileRegistry({ env: {} }).load('development').profile;
  const endpoints = Object.fromEntries(Object.entries(fleet.roles).map(([role, endpoint]) => [role, endpoint.url]));
  const cloudModels = Object.fromEntries(
    Object.entries(development.cloud_models).map(([name, model]) => [
      name,
      {
        ...model,
        base_url:
          model.provider === 'anthropic'
            ? (fleet.cloud?.anthropic.url ?? model.base_url)
            : (fleet.cloud?.openai.url ?? model.base_url),
      },
    ]),
  );
  const hybrid: Partial<StrategyProfile> = {
    ...development,
    profile_name: DEMO_HYBRID,
    description: 'the development profile on the demo fleet: local roles, simulated cloud as fallback',
    debug_routing: true,
    vllm_endpoints: endpoints,
    cloud_models: cloudModels,
    // A dead server should not hold the tour up: open its circuit after one failure.
    circuit_breaker: { failure_threshold: 1, cooldown_ms: 60_000 },
  };
  const localOnly: Partial<StrategyProfile> = {
    ...hybrid,
    profile_name: DEMO_LOCAL_ONLY,
    description: 'PHI-safe: the same fleet, never the cloud',
    allow_cloud: false,
    task_routing: { ...development.task_routing, orchestration: 'generalist' },
    fallback: [],
  };
  const directory = path.join(configDir, 'strategies');
  mkdirSync(directory, { recursive: true });
  for (const profile of [hybrid, localOnly])
    writeFileSync(path.join(directory, `${profile.profile_name}.yaml`), stringify(profile));
  return new ProfileRegistry({ configDirs: [configDir], env: {} });
}
