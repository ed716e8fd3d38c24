import { StrategyConfig } from '@biopipe/core';
import { stringify } from 'yaml';
import {
  startAnthropicCloudSim,
  startOpenAiCloudSim,
  startVllmSim,
  type CloudSimHandle,
  type VllmSimHandle,
  type VllmSimOptions,
} from '@biopipe/vllm-sim';
import { CLOUD_KEY } from './fleet-profiles.js';

/** Two generalist replicas, one embeddings server and both simulated cloud APIs, on free ports. */
export interface TestFleet {
  replicas: [VllmSimHandle, VllmSimHandle];
  embeddings: VllmSimHandle;
  openai: CloudSimHandle;
  anthropic: CloudSimHandle;
  /** Connections the cloud simulators accepted, together. */
  cloudConnections(): number;
  stop(): Promise<void>;
}

export async function startTestFleet(replicaOptions: Partial<VllmSimOptions> = {}): Promise<TestFleet> {
  const replicas = (await Promise.all(
    [0, 1].map(() => startVllmSim({ servedModelName: 'qwen-test', port: 0, maxModelLen: 4096, ...replicaOptions })),
  )) as [VllmSimHandle, VllmSimHandle];
  const embeddings = await startVllmSim({ servedModelName: 'bge-m3', port: 0, embeddingDimensions: 1024 });
  const openai = await startOpenAiCloudSim({ apiKey: CLOUD_KEY });
  const anthropic = await startAnthropicCloudSim({ apiKey: CLOUD_KEY });
  return {
    replicas,
    embeddings,
    openai,
    anthropic,
    cloudConnections: () => openai.connectionCount() + anthropic.connectionCount(),
    stop: async () => {
      await Promise.all([...replicas, embeddings, openai, anthropic].map((server) => server.stop()));
    },
  };
}

/** A profile on the test fleet: generalist (two replicas) for chat, embeddings for vectors, tight timeouts; `overrides` replace top-level keys. */
export function testProfile(
  fleet: TestFleet,
  options: { name?: string; allowCloud: boolean; overrides?: Record<string, unknown> },
): StrategyConfig {
  const profile: Record<string, unknown> = {
    profile_name: options.name ?? (options.allowCloud ? 'test_hybrid' : 'test_local_only'),
    allow_cloud: options.allowCloud,
    vllm_endpoints: {
      generalist: { urls: [fleet.replicas[0].url, fleet.replicas[1].url], served_model_name: 'qwen-test' },
      embeddings: { urls: [fleet.embeddings.url], served_model_name: 'bge-m3' },
    },
    task_routing: { '*': 'generalist', embeddings: 'embeddings' },
    cloud_models: {
      'sim-deepseek': {
        provider: 'openai-compatible',
        model: 'deepseek-chat',
        base_url: fleet.openai.url,
        api_key_env: 'DEEPSEEK_API_KEY',
      },
      'sim-claude': {
        provider: 'anthropic',
        model: 'claude-3-5-sonnet-latest',
        base_url: fleet.anthropic.url,
        api_key_env: 'ANTHROPIC_API_KEY',
      },
      'sim-embeddings': {
        provider: 'openai-compatible',
        model: 'text-embedding-3-small',
        base_url: fleet.openai.url,
        api_key_env: 'OPENAI_API_KEY',
        kind: 'embeddings',
        dimensions: 1536,
      },
    },
    timeouts: { connect_ms: 500, first_token_ms: 400, idle_ms: 300, total_ms: 10_000 },
    retry: { max_attempts: 4, base_delay_ms: 10, max_delay_ms: 50, retry_after_cap_ms: 3000 },
    circuit_breaker: { failure_threshold: 3, cooldown_ms: 60_000 },
    ...(options.allowCloud
      ? { fallback: ['sim-deepseek', 'sim-claude'], embeddings_fallback: ['sim-embeddings'] }
      : {}),
    ...options.overrides,
  };
  return StrategyConfig.fromString(stringify(profile), `${String(profile['profile_name'])} on the test fleet`);
}

/** Waits until a condition holds (polling every 10 ms), or fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
