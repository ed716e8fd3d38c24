import { readFileSync } from 'node:fs';
import path from 'node:path';
import { builtinConfigDir, StrategyConfig } from '@biopipe/core';
import type { Fleet } from '@biopipe/vllm-sim';
import { parse, stringify } from 'yaml';

/** The names of the profiles shipped in config/strategies. */
export const SHIPPED_PROFILES = ['t4_hybrid', 't4_local_only', 'cloud_only', 'development'] as const;

/** The key the cloud variables hold in tests: distinctive, so a leak is easy to find. */
export const CLOUD_KEY = 'sk-canary-4f2b9e1d7c6a5b3e-DO-NOT-LEAK';

/** Every cloud key variable the shipped profiles name, set. */
export const CLOUD_ENV = {
  DEEPSEEK_API_KEY: CLOUD_KEY,
  ANTHROPIC_API_KEY: CLOUD_KEY,
  OPENAI_API_KEY: CLOUD_KEY,
  BIOPIPELINES_SIM_CLOUD_KEY: CLOUD_KEY,
};

/**
 * A shipped profile rewritten to point at a running simulated fleet: its routing, cloud chain and
 * PHI setting stay as shipped; its replica URLs become the fleet's, every cloud model of the built-in
 * catalogue and of the profile points at the simulated cloud APIs, and the endpoint registry is off.
 */
export function profileOnFleet(name: string, fleet: Fleet, overrides: Record<string, unknown> = {}): StrategyConfig {
  const source = path.join(builtinConfigDir(), 'strategies', `${name}.yaml`);
  const profile = parse(readFileSync(source, 'utf8')) as Record<string, unknown>;
  const endpoints = profile['vllm_endpoints'] as Record<string, unknown> | undefined;
  for (const role of Object.keys(endpoints ?? {})) {
    const replica = fleet.roles[role];
    if (replica !== undefined && endpoints !== undefined)
      endpoints[role] = { urls: [replica.url], served_model_name: replica.servedModelName };
  }
  if (fleet.cloud !== undefined) {
    const openai = fleet.cloud.openai.url;
    const anthropic = fleet.cloud.anthropic.url;
    profile['cloud_models'] = {
      'deepseek-v3': {
        provider: 'openai-compatible',
        model: 'deepseek-chat',
        base_url: openai,
        api_key_env: 'DEEPSEEK_API_KEY',
      },
      'claude-3.5-sonnet': {
        provider: 'anthropic',
        model: 'claude-3-5-sonnet-latest',
        base_url: anthropic,
        api_key_env: 'ANTHROPIC_API_KEY',
      },
      'openai-embeddings': {
        provider: 'openai-compatible',
        model: 'text-embedding-3-small',
        base_url: openai,
        api_key_env: 'OPENAI_API_KEY',
        kind: 'embeddings',
        dimensions: 1536,
      },
      'sim-deepseek': {
        provider: 'openai-compatible',
        model: 'deepseek-chat',
        base_url: openai,
        api_key_env: 'BIOPIPELINES_SIM_CLOUD_KEY',
      },
      'sim-claude': {
        provider: 'anthropic',
        model: 'claude-3-5-sonnet-latest',
        base_url: anthropic,
        api_key_env: 'BIOPIPELINES_SIM_CLOUD_KEY',
      },
    };
  }
  profile['endpoint_registry'] = { enabled: false };
  return StrategyConfig.fromString(stringify({ ...profile, ...overrides }), `${name} on the test fleet`);
}
