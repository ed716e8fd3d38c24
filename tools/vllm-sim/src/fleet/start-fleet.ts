import { UsageError, loadFleetManifest, type FleetManifest } from '@biopipe/core';
import { startAnthropicCloudSim } from '../cloud/anthropic-cloud-sim.js';
import type { CloudSimHandle } from '../cloud/cloud-sim-server.js';
import { startOpenAiCloudSim } from '../cloud/openai-cloud-sim.js';
import type { LatencySettings } from '../shared/latency-model.js';
import type { GenerationMode } from '../shared/text-generator.js';
import { startVllmSim, type VllmSimHandle } from '../vllm/vllm-sim.js';
import type { VllmSimOptions } from '../vllm/vllm-sim-options.js';
import { resolveCloudPorts } from './resolve-cloud-ports.js';
import { loadAnswerKeyFile } from '../shared/answer-key.js';

/** How to start the development fleet. Everything is optional. */
export interface FleetOptions {
  /** The fleet manifest. @default config/fleet.yaml */
  manifestPath?: string;
  /** `manifest`: the manifest's ports (8001–8004) and the profile's cloud ports (8005, 8006); `free`: port 0 everywhere. @default "free" */
  ports?: 'manifest' | 'free';
  /** Interface every server binds. @default "127.0.0.1" */
  host?: string;
  /** Only these roles. @default every role in the manifest */
  roles?: readonly string[];
  /** Start the simulated cloud APIs too. @default true */
  cloud?: boolean;
  /** Profile whose loopback `cloud_models` give the cloud ports. @default config/strategies/development.yaml */
  cloudProfilePath?: string;
  /** The one key the cloud simulators accept. @default any non-empty key */
  cloudApiKey?: string;
  /** Latency of every simulated server. @default instant */
  latency?: LatencySettings;
  /** How answers are made up. @default "lorem" */
  mode?: GenerationMode;
  /** Serve `/admin/faults` on every server. @default true */
  enableAdmin?: boolean;
  /** Answer-key file (`config/eval/answer-key.yaml`): each role answers the suites it is named for, right with its probability. @default none */
  answerKeyFile?: string;
  /** Extra options per role, e.g. `{ coder: { maxNumSeqs: 1 } }`. @default {} */
  roleOptions?: Readonly<Record<string, Partial<VllmSimOptions>>>;
}

/** One role of a running fleet. */
export interface FleetRoleEndpoint {
  /** Base URL (no `/v1`). */
  url: string;
  /** The `model` clients send. */
  servedModelName: string;
  /** The running simulator, for faults and stats. */
  handle: VllmSimHandle;
}

/** A running development fleet. */
export interface Fleet {
  /** One simulated vLLM server per role. */
  roles: Record<string, FleetRoleEndpoint>;
  /** The simulated cloud APIs, unless started with `cloud: false`. */
  cloud: { openai: CloudSimHandle; anthropic: CloudSimHandle } | undefined;
  /** The manifest the fleet was started from. */
  manifest: FleetManifest;
  /** Stops every server (idempotent). */
  stop(): Promise<void>;
}

function describeStartError(what: string, where: string, error: unknown): Error {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') {
    return new UsageError(
      `Cannot start ${what} on ${where}: the port is already in use.`,
      'Is a fleet already running? Stop it, or start with ports: "free".',
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Starts one simulated vLLM server per role of the fleet manifest (served names, max_model_len and
 * embedding dimensions from the manifest) and, unless `cloud: false`, the simulated OpenAI-compatible
 * and Anthropic APIs. If anything fails to start, what did start is stopped again.
 */
export async function startFleet(options: FleetOptions = {}): Promise<Fleet> {
  const manifest = loadFleetManifest(options.manifestPath);
  const host = options.host ?? '127.0.0.1';
  const useManifestPorts = options.ports === 'manifest';
  const wanted = options.roles ?? Object.keys(manifest.roles);
  const unknown = wanted.filter((role) => manifest.roles[role] === undefined);
  if (unknown.length > 0)
    throw new UsageError(
      `Unknown fleet role ${unknown.join(', ')}.`,
      `Roles in the manifest: ${Object.keys(manifest.roles).join(', ')}.`,
    );
  const started: Array<{ stop(): Promise<void> }> = [];
  const stopAll = async (): Promise<void> => {
    await Promise.all(started.splice(0).map((server) => server.stop()));
  };
  try {
    const roles: Record<string, FleetRoleEndpoint> = {};
    for (const role of wanted) {
      const spec = manifest.roles[role];
      if (spec === undefined) continue;
      const port = useManifestPorts ? spec.port : 0;
      const answerKey =
        options.answerKeyFile === undefined ? undefined : loadAnswerKeyFile(options.answerKeyFile, role);
      const handle = await startVllmSim({
        servedModelName: spec.served_model_name,
        model: spec.model,
        host,
        port,
        maxModelLen: spec.max_model_len,
        runner: spec.runner,
        ...(spec.embedding_dimensions === undefined ? {} : { embeddingDimensions: spec.embedding_dimensions }),
        enablePrefixCaching: manifest.defaults.enable_prefix_caching,
        // A guard role (its model is a Llama Guard) answers in Llama Guard 3's format.
        mode: /llama-guard/i.test(`${spec.model} ${spec.served_model_name}`)
          ? 'llama-guard'
          : (options.mode ?? 'lorem'),
        enableAdmin: options.enableAdmin ?? true,
        ...(answerKey === undefined ? {} : { answerKey }),
        ...options.latency,
        ...options.roleOptions?.[role],
      }).catch((error: unknown) =>
        Promise.reject(describeStartError(`the ${role} simulator`, `${host}:${port}`, error)),
      );
      started.push(handle);
      roles[role] = { url: handle.url, servedModelName: handle.servedModelName, handle };
    }
    let cloud: Fleet['cloud'];
    if (options.cloud ?? true) {
      const ports = useManifestPorts ? resolveCloudPorts(options.cloudProfilePath) : { openai: 0, anthropic: 0 };
      const shared = {
        host,
        mode: options.mode ?? 'lorem',
        enableAdmin: options.enableAdmin ?? true,
        ...options.latency,
        ...(options.cloudApiKey === undefined ? {} : { apiKey: options.cloudApiKey }),
      };
      const openai = await startOpenAiCloudSim({ ...shared, port: ports.openai }).catch((error: unknown) =>
        Promise.reject(describeStartError('the OpenAI-compatible cloud simulator', `${host}:${ports.openai}`, error)),
      );
      started.push(openai);
      const anthropic = await startAnthropicCloudSim({ ...shared, port: ports.anthropic }).catch((error: unknown) =>
        Promise.reject(describeStartError('the Anthropic cloud simulator', `${host}:${ports.anthropic}`, error)),
      );
      started.push(anthropic);
      cloud = { openai, anthropic };
    }
    return { roles, cloud, manifest, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
