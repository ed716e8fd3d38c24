import { createServer } from 'node:net';
import { startFleet, startVllmSim, type Fleet, type FleetOptions, type VllmSimHandle } from '@biopipe/vllm-sim';
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

/** One simulated vLLM serving `qwen`, and a scratch HOME whose profile `local` routes every task to it. */
export interface CliSim extends CliHome {
  readonly sim: VllmSimHandle;
  /** Stops the simulator and removes the HOME. */
  stop(): Promise<void>;
}

export async function startCliSim(prefix: string): Promise<CliSim> {
  const sim = await startVllmSim({ servedModelName: 'qwen', port: 0 });
  await sim.ready;
  const cli = createCliHome(prefix);
  cli.writeProfile(
    'local',
    `vllm_endpoints: { generalist: { urls: ["${sim.url}"], served_model_name: qwen } }\ntask_routing: { "*": generalist }\n`,
  );
  return {
    ...cli,
    sim,
    async stop() {
      await sim.stop();
      cli.remove();
    },
  };
}

/** A loopback port nobody listens on (bound, then closed). */
export const findClosedPort = (): Promise<number> =>
  new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
