import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLOUD_TARGET, DEFAULT_CLOUD_MODELS, builtinConfigDir } from '@biopipe/core';
import { parse as parseYaml, stringify } from 'yaml';
import type { VllmFleet } from '../../src/parse-vllm-fleet.js';

/** A built-in strategy profile as its YAML file says. */
export interface BuiltinProfile {
  name: string;
  allowCloud: boolean;
  /** Task type (or "*") -> role or "cloud". */
  taskRouting: Readonly<Record<string, string>>;
  /** The whole document, to rewrite. */
  document: Record<string, unknown>;
}

/** Every profile in config/strategies/, in name order. */
export function readBuiltinProfiles(): BuiltinProfile[] {
  const directory = path.join(builtinConfigDir(), 'strategies');
  return readdirSync(directory)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => {
      const document = parseYaml(readFileSync(path.join(directory, name), 'utf8')) as Record<string, unknown>;
      return {
        name: String(document['profile_name']),
        allowCloud: document['allow_cloud'] === true,
        taskRouting: (document['task_routing'] ?? {}) as Record<string, string>,
        document,
      };
    });
}

/**
 * The route target a profile gives a task type's one-line question: complexity routing's weak target
 * where the task has one (such a question scores easy), else its own entry, else "*".
 */
export function targetOf(profile: BuiltinProfile, task: string): string {
  const complexity = profile.document['complexity_routing'] as
    { tasks?: Record<string, { weak?: string }> } | undefined;
  return complexity?.tasks?.[task]?.weak ?? profile.taskRouting[task] ?? profile.taskRouting['*'] ?? CLOUD_TARGET;
}

/** Where the suite's simulated cloud APIs listen, and the key they accept. */
export interface SimulatedClouds {
  openAiUrl: string;
  anthropicUrl: string;
  keyVariable: string;
}

/**
 * Writes `DIR/strategies/NAME.yaml` for every built-in profile: the same routing, fallback chain and
 * cloud permission, with its roles pointed at the live servers (endpoint registry off, so a stale
 * registry entry cannot redirect a request) and every cloud model of the catalogue pointed at a
 * simulated cloud, so no request of the suite can reach a real cloud provider. A role with no live
 * server gets a loopback URL where nothing listens: the suite sends nothing to it (and says so).
 */
export function writeLiveProfiles(options: {
  profiles: readonly BuiltinProfile[];
  fleet: VllmFleet;
  servedModels: ReadonlyMap<string, string>;
  clouds: SimulatedClouds;
  configDir: string;
}): void {
  const simulated = (models: object): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(models as Record<string, { provider: string }>).map(([name, model]) => [
        name,
        {
          ...model,
          base_url: model.provider === 'anthropic' ? options.clouds.anthropicUrl : options.clouds.openAiUrl,
          api_key_env: options.clouds.keyVariable,
        },
      ]),
    );
  for (const profile of options.profiles) {
    const roles = Object.keys((profile.document['vllm_endpoints'] ?? {}) as Record<string, unknown>);
    const endpoints = Object.fromEntries(
      roles.map((role) => {
        const urls = options.fleet.get(role);
        const served = options.servedModels.get(role);
        return [
          role,
          urls === undefined
            ? 'http://127.0.0.1:9'
            : { urls, ...(served === undefined ? {} : { served_model_name: served }) },
        ];
      }),
    );
    const live = {
      ...profile.document,
      vllm_endpoints: endpoints,
      endpoint_registry: { enabled: false },
      cloud_models: simulated({ ...DEFAULT_CLOUD_MODELS, ...((profile.document['cloud_models'] ?? {}) as object) }),
      // A real GPU's first request can take long (CUDA graphs, a cold cache); routing is what is tested.
      timeouts: {
        ...((profile.document['timeouts'] ?? {}) as object),
        connect_ms: 5000,
        first_token_ms: 120000,
        idle_ms: 60000,
      },
    };
    writeFileSync(path.join(options.configDir, 'strategies', `${profile.name}.yaml`), stringify(live));
  }
}
