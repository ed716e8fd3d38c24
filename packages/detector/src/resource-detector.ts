import {
  silentLogger,
  type EndpointState,
  type Environment,
  type FleetManifest,
  type HealthSource,
  type Logger,
  type StrategyConfig,
} from '@biopipe/core';
import { checkCloudKeyPresence, verifyCloudKey } from './check-cloud-keys.js';
import { baseUrlOf, checkEndpoint } from './check-endpoint.js';
import { collectCloudModels, collectEndpoints } from './collect-endpoints.js';
import type { HttpGet } from './http-get.js';
import {
  RESOURCE_STATUS_SCHEMA_VERSION,
  type CloudApiStatus,
  type CloudModelEntry,
  type DetectorEndpoint,
  type EndpointStatus,
  type ResourceStatus,
} from './resource-status.js';
import type { CommandRunner } from './run-command.js';
import { probeSlurm } from './slurm-probe.js';

export interface ResourceDetectorOptions {
  /** vLLM endpoints to check, each against its expected served model name. */
  endpoints: readonly DetectorEndpoint[];
  /** Cloud models whose keys to report. @default [] */
  cloudModels?: readonly CloudModelEntry[];
  /** Where keys and PATH come from. @default process.env */
  env?: Environment;
  /** Deadline of each endpoint check (and of `sinfo`, and of each key verification). @default 2000 */
  timeoutMs?: number;
  /** How long `detect()` reuses a result before probing again. @default 10000 */
  cacheTtlMs?: number;
  /** Make one authenticated call per used cloud model with a key present. @default false */
  verifyKeys?: boolean;
  /** Probe SLURM with `sinfo`; `false` skips it. @default { partition: "t4flex" } */
  slurm?: false | { partition?: string; runner?: CommandRunner };
  /** Variable holding the fleet's API key (vLLM `--api-key`), sent to `/v1/*` only. @default "VLLM_API_KEY" */
  vllmApiKeyEnv?: string;
  httpGet?: HttpGet;
  /** Monotonic milliseconds, for latencies and the cache. @default performance.now */
  now?: () => number;
  logger?: Logger;
}

export interface FromStrategyOptions extends Omit<ResourceDetectorOptions, 'endpoints' | 'cloudModels'> {
  /** Expected served names for roles whose profile entry states none (config/fleet.yaml). */
  fleet?: FleetManifest | undefined;
}

/**
 * Finds out what is there: every vLLM endpoint checked concurrently under one deadline each, cloud
 * keys present or absent (never their values), and SLURM through `sinfo`. Results are cached for
 * `cacheTtlMs`; `refresh()` bypasses the cache. As a `HealthSource` it answers from the last result.
 */
export class ResourceDetector implements HealthSource {
  private readonly options: ResourceDetectorOptions;
  private readonly now: () => number;
  private last: { status: ResourceStatus; at: number } | undefined;
  private running: Promise<ResourceStatus> | undefined;

  constructor(options: ResourceDetectorOptions) {
    this.options = options;
    this.now = options.now ?? (() => performance.now());
  }

  /** A detector for a profile: its endpoints (static and registry), its cloud catalogue, its health settings. */
  static fromStrategy(config: StrategyConfig, options: FromStrategyOptions = {}): ResourceDetector {
    const env = options.env ?? process.env;
    return new ResourceDetector({
      timeoutMs: config.profile.health.check_timeout_ms,
      cacheTtlMs: config.profile.health.cache_ttl_ms,
      ...options,
      env,
      endpoints: collectEndpoints(config, { fleet: options.fleet, env }),
      cloudModels: collectCloudModels(config),
    });
  }

  /** The last result while it is younger than the TTL, else a new detection (concurrent callers share one). */
  detect(): Promise<ResourceStatus> {
    if (this.running !== undefined) return this.running;
    if (this.last !== undefined && this.now() - this.last.at < (this.options.cacheTtlMs ?? 10_000))
      return Promise.resolve(this.last.status);
    return this.refresh();
  }

  /** Probes again now, whatever the cache holds. */
  refresh(): Promise<ResourceStatus> {
    this.running ??= this.probe().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** The last known state of an endpoint (any role), or undefined when it was never checked. */
  endpointState(url: string): EndpointState | undefined {
    const base = baseUrlOf(url);
    return this.last?.status.vllm_endpoints.find((endpoint) => baseUrlOf(endpoint.url) === base)?.state;
  }

  /** The `max_model_len` the endpoint's `/v1/models` listed at the last check, when it listed one. */
  maxModelLen(url: string): number | undefined {
    const base = baseUrlOf(url);
    return (
      this.last?.status.vllm_endpoints.find((endpoint) => baseUrlOf(endpoint.url) === base)?.max_model_len ?? undefined
    );
  }

  /** The last result, however old, or undefined before the first detection. */
  lastStatus(): ResourceStatus | undefined {
    return this.last?.status;
  }

  private async probe(): Promise<ResourceStatus> {
    const options = this.options;
    const env = options.env ?? process.env;
    const timeoutMs = options.timeoutMs ?? 2_000;
    const logger = options.logger ?? silentLogger;
    const started = this.now();
    const checkedAt = new Date().toISOString();
    const keyEnv = options.vllmApiKeyEnv ?? 'VLLM_API_KEY';
    const common = {
      timeoutMs,
      apiKey: env[keyEnv],
      apiKeyEnv: keyEnv,
      now: this.now,
      ...(options.httpGet === undefined ? {} : { httpGet: options.httpGet }),
    };

    // Every check starts now and runs concurrently; each is bounded by its own deadline.
    const endpoints = Promise.all(
      options.endpoints.map(async (endpoint): Promise<EndpointStatus> => {
        const check = await checkEndpoint({ ...common, url: endpoint.url, expectedModel: endpoint.expectedModel });
        logger.debug('endpoint checked', {
          role: endpoint.role,
          url: endpoint.url,
          state: check.state,
          latency_ms: check.latency_ms,
        });
        return {
          role: endpoint.role,
          url: endpoint.url,
          source: endpoint.source ?? 'profile',
          job_id: endpoint.jobId ?? null,
          expected_model: endpoint.expectedModel ?? null,
          ...check,
        };
      }),
    );
    const cloud = this.checkCloud(env, timeoutMs);
    const slurm =
      options.slurm === false ? Promise.resolve(null) : probeSlurm({ timeoutMs, env, now: this.now, ...options.slurm });

    const status: ResourceStatus = {
      schema_version: RESOURCE_STATUS_SCHEMA_VERSION,
      checked_at: checkedAt,
      duration_ms: 0,
      timeout_ms: timeoutMs,
      vllm_endpoints: await endpoints,
      cloud_apis: await cloud,
      slurm: await slurm,
      slurm_available: false,
    };
    status.slurm_available = status.slurm?.state === 'available';
    status.duration_ms = Math.round(this.now() - started);
    this.last = { status, at: this.now() };
    return status;
  }

  private async checkCloud(env: Environment, timeoutMs: number): Promise<CloudApiStatus[]> {
    const models = this.options.cloudModels ?? [];
    const present = checkCloudKeyPresence(models, env);
    if (this.options.verifyKeys !== true) return present;
    return Promise.all(
      present.map(async (status, index) => {
        const entry = models[index];
        if (entry === undefined || !entry.used || status.key === 'absent') return status;
        const httpGet = this.options.httpGet;
        const verified = await verifyCloudKey({
          model: entry.model,
          env,
          timeoutMs,
          ...(httpGet === undefined ? {} : { httpGet }),
        });
        return { ...status, ...verified };
      }),
    );
  }
}
