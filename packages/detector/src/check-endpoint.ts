import type { EndpointState } from '@biopipe/core';
import { describeNetworkError } from './describe-network-error.js';
import { httpGet as defaultHttpGet, type HttpGet } from './http-get.js';
import { parseModelList } from './parse-model-list.js';
import type { EndpointCheck } from './resource-status.js';

export interface CheckEndpointOptions {
  /** Base URL of the server (a trailing `/` or `/v1` is ignored). */
  url: string;
  /** The served model name `/v1/models` must list; any model is accepted when unset. */
  expectedModel?: string | undefined;
  /** Deadline of the whole check, both requests included. */
  timeoutMs: number;
  /** Bearer token for `/v1/*` (vLLM's `--api-key`); `/health` needs none. */
  apiKey?: string | undefined;
  /** Name of the variable the key comes from, for reasons (never the key). @default "VLLM_API_KEY" */
  apiKeyEnv?: string;
  httpGet?: HttpGet;
  /** Monotonic milliseconds. @default performance.now */
  now?: () => number;
}

/** The server's root: `/health` lives there, `/v1/models` below it. */
export function baseUrlOf(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/v1$/, '');
}

/**
 * Checks one vLLM server: `GET /health` (200, or 503 once the engine is dead — PROTOCOLS.md §1.1), then
 * `GET /v1/models` for the served name and `max_model_len` (§1.2). One deadline bounds both requests,
 * whatever they wait for. Never throws: every outcome is a state with a one-line reason.
 */
export async function checkEndpoint(options: CheckEndpointOptions): Promise<EndpointCheck> {
  const get = options.httpGet ?? defaultHttpGet;
  const now = options.now ?? (() => performance.now());
  const base = baseUrlOf(options.url);
  const started = now();
  const signal = AbortSignal.timeout(options.timeoutMs);
  let step = 'GET /health';
  const outcome = (
    state: EndpointState,
    reason: string,
    models: string[] = [],
    maxModelLen: number | null = null,
  ): EndpointCheck => ({
    state,
    latency_ms: Math.round(now() - started),
    models,
    max_model_len: maxModelLen,
    reason,
  });

  try {
    const health = await get(`${base}/health`, { signal });
    if (health.status < 200 || health.status > 299) {
      return outcome(
        'unhealthy',
        `GET /health returned ${health.status}${health.status === 503 ? ' (engine dead or not ready)' : ''}`,
      );
    }
    step = 'GET /v1/models';
    const hasKey = options.apiKey !== undefined && options.apiKey !== '';
    const headers: Record<string, string> = hasKey ? { authorization: `Bearer ${options.apiKey}` } : {};
    const listing = await get(`${base}/v1/models`, { signal, headers });
    if (listing.status === 401 || listing.status === 403) {
      const keyName = options.apiKeyEnv ?? 'VLLM_API_KEY';
      return outcome(
        'auth_error',
        hasKey
          ? `GET /v1/models returned ${listing.status}: the server rejected the key in ${keyName}`
          : `GET /v1/models returned ${listing.status}: the server requires an API key (set ${keyName})`,
      );
    }
    if (listing.status < 200 || listing.status > 299)
      return outcome('unhealthy', `GET /v1/models returned ${listing.status}`);
    const models = parseModelList(listing.body, options.expectedModel);
    if (models === undefined)
      return outcome('unhealthy', 'GET /v1/models answered with something that is not a model list');
    const lengthNote = models.maxModelLen === null ? '' : ` (max_model_len ${models.maxModelLen})`;
    if (options.expectedModel !== undefined && !models.ids.includes(options.expectedModel)) {
      const serving =
        models.ids.length === 0 ? 'serves no model' : `serves ${models.ids.map((id) => `"${id}"`).join(', ')}`;
      return outcome('wrong_model', `${serving}, expected "${options.expectedModel}"`, models.ids, models.maxModelLen);
    }
    return outcome(
      'healthy',
      `serves ${models.ids.map((id) => `"${id}"`).join(', ') || 'a model'}${lengthNote}`,
      models.ids,
      models.maxModelLen,
    );
  } catch (error) {
    if (signal.aborted) return outcome('timeout', `no answer within ${options.timeoutMs} ms (${step})`);
    const failure = describeNetworkError(error);
    return outcome(failure.kind === 'unreachable' ? 'unreachable' : 'unhealthy', `${step}: ${failure.description}`);
  }
}
