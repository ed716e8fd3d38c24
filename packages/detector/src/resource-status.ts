import type { CloudModel, CloudProvider, EndpointState } from '@biopipe/core';

/** Version of the `ResourceStatus` shape; bumped when a field changes meaning or goes away. */
export const RESOURCE_STATUS_SCHEMA_VERSION = 1;

/** One vLLM endpoint to check. */
export interface DetectorEndpoint {
  /** The role the endpoint serves (generalist, coder, …). */
  role: string;
  /** Base URL, e.g. `http://t4-node-01:8001` (a trailing `/` or `/v1` is ignored). */
  url: string;
  /** The served model name `/v1/models` must list; when unset any model is accepted. */
  expectedModel?: string | undefined;
  /** Where the endpoint came from: the profile's `vllm_endpoints` or the endpoint registry. @default "profile" */
  source?: 'profile' | 'registry';
  /** The SLURM job that published it, for registry entries. */
  jobId?: string | undefined;
}

/** What one endpoint check found. */
export interface EndpointCheck {
  state: EndpointState;
  /** Time until the outcome was known, both requests included (the timeout, when it ran out). */
  latency_ms: number;
  /** Served model names `/v1/models` listed (empty when it was not reached). */
  models: string[];
  /** `max_model_len` of the expected model's card (else the first card's), when listed. */
  max_model_len: number | null;
  /** One line for humans saying why the endpoint is in this state. */
  reason: string;
}

/** One endpoint in a `ResourceStatus`. */
export interface EndpointStatus extends EndpointCheck {
  role: string;
  url: string;
  source: 'profile' | 'registry';
  job_id: string | null;
  expected_model: string | null;
}

/** A cloud model to report on, with whether the profile's chains use it. */
export interface CloudModelEntry {
  name: string;
  model: CloudModel;
  /** The profile's `fallback` or `embeddings_fallback` names it; only used models are verified. */
  used: boolean;
}

/** Outcome of `--verify-keys`: one cheap authenticated call. `error` is any other answer (429, 5xx, …). */
export type KeyVerification = 'valid' | 'invalid' | 'unreachable' | 'error';

/** One cloud model's key: present or absent, never its value. */
export interface CloudApiStatus {
  name: string;
  provider: CloudProvider;
  kind: CloudModel['kind'];
  /** The environment variable holding the key (its name only). */
  api_key_env: string;
  key: 'present' | 'absent';
  used: boolean;
  /** Null unless verification was asked for and made. */
  verification: KeyVerification | null;
  reason: string;
}

/** `sinfo` answered (`available`), is not on PATH (`missing`), hung past the timeout, or exited non-zero. */
export type SlurmState = 'available' | 'missing' | 'timeout' | 'failed';

/** One SLURM partition as `sinfo` lists it. */
export interface SlurmPartition {
  name: string;
  /** Partition availability: `up`, `down`, `drain` or `inact`. */
  availability: string;
  nodes: number;
  /** Compact node states (`idle`, `mix`, `alloc`, `down*`, …), one per distinct state. */
  node_states: string[];
  /** Available and at least one node responding in a usable state. */
  up: boolean;
}

export interface SlurmStatus {
  state: SlurmState;
  latency_ms: number;
  reason: string;
  partitions: SlurmPartition[];
  /** The fleet's partition (config/fleet.yaml `defaults.partition`, `t4flex`) and whether it is up. */
  fleet_partition: { name: string; up: boolean };
}

/** What the detector found. Arrays keep the order the endpoints and models were given in. */
export interface ResourceStatus {
  schema_version: typeof RESOURCE_STATUS_SCHEMA_VERSION;
  /** ISO 8601 time the detection started. */
  checked_at: string;
  /** Wall time of the whole detection. */
  duration_ms: number;
  /** Deadline of each endpoint check. */
  timeout_ms: number;
  vllm_endpoints: EndpointStatus[];
  cloud_apis: CloudApiStatus[];
  /** Null when the SLURM probe was turned off. */
  slurm: SlurmStatus | null;
  /** `sinfo` answered (the seed's boolean). */
  slurm_available: boolean;
}
