import { startFleet, type Fleet, type FleetOptions } from '@biopipe/vllm-sim';
import { createCliHome, type CliHome } from './cli-home.js';

/** A simulated fleet on free ports, and a scratch HOME whose profiles point at it. */
export interface CliFleet extends CliHome {
  readonly fleet: Fleet;
  /** `vllm_endpoints:` with one line per role of the fleet (its URL and served model name). */
  readonly endpoints: string;
  /** `cloud_models:` naming the simulated OpenAI-compatible cloud `sim-deepseek` (key in DEEPSEEK_API_KEY). */
  readonly simDeepseek: string;
  /** Connections the simulated cloud APIs (OpenAI-compatible and Anthropic) have accepted. */
  cloudConnections(): number;
  /** Stops the fleet and removes the HOME. */
  stop(): Promise<void>;
}

/** Starts the fleet (free ports, `key` as the simulated clouds' key, also in DEEPSEEK_API_KEY) and makes the HOME. */
export async function startCliFleet(options: {
  /** Names the scratch directory, e.g. `biopipe-ask-`. */
  prefix: string;
  key: string;
  /** More variables for every run (another cloud's key). */
  env?: Record<string, string>;
  fleet?: Omit<FleetOptions, 'ports' | 'cloudApiKey'>;
}): Promise<CliFleet> {
  const fleet = await startFleet({ ports: 'free', cloudApiKey: options.key, ...options.fleet });
  const cli = createCliHome(options.prefix, { DEEPSEEK_API_KEY: options.key, ...options.env });
  const roles = Object.entries(fleet.roles).map(
    ([role, endpoint]) => `  ${role}: { urls: ["${endpoint.url}"], served_model_name: ${endpoint.servedModelName} }`,
  );
  return {
    ...cli,
    fleet,
    endpoints: ['vllm_endpoints:', ...roles].join('\n'),
    simDeepseek: `cloud_models:
  sim-deepseek: { provider: openai-compatible, model: deepseek-chat, base_url: "${fleet.cloud?.openai.url ?? ''}", api_key_env: DEEPSEEK_API_KEY }`,
    cloudConnections: () =>
      (fleet.cloud?.openai.connectionCount() ?? 0) + (fleet.cloud?.anthropic.connectionCount() ?? 0),
    async stop() {
      await fleet.stop();
      cli.remove();
    },
  };
}
