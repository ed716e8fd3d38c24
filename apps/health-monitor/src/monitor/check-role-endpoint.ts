import { checkEndpoint } from '@biopipe/detector';
import type { EndpointCheck } from './role-observation.js';

export interface CheckRoleEndpointOptions {
  url: string;
  /** The name `/v1/models` must list (`--served-model-name`). */
  servedModelName: string;
  /** Deadline of the whole check, `/health` and `/v1/models` together. */
  timeoutMs: number;
  /** Sent as a bearer token to `/v1/models` when the servers run with `--api-key`; never logged. */
  apiKey?: string | undefined;
  /** Monotonic milliseconds. @default performance.now */
  now?: () => number;
}

/**
 * Checks a role's running server with the detector's endpoint check (PROTOCOLS.md §1.1-1.2), so
 * `biopipe status` and the monitor classify every answer and socket error alike, and records it as
 * the monitor does: the reason as `detail`, empty when healthy.
 */
export async function checkRoleEndpoint(options: CheckRoleEndpointOptions): Promise<EndpointCheck> {
  const check = await checkEndpoint({
    url: options.url,
    expectedModel: options.servedModelName,
    timeoutMs: options.timeoutMs,
    apiKey: options.apiKey,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  return {
    url: options.url,
    state: check.state,
    latencyMs: check.latency_ms,
    detail: check.state === 'healthy' ? '' : check.reason,
  };
}
