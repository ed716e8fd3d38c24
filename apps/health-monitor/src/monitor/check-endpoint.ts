import type { EndpointState } from '@biopipe/core';
import type { EndpointCheck } from './role-observation.js';

export interface CheckEndpointOptions {
  url: string;
  /** The name `/v1/models` must list (`--served-model-name`). */
  servedModelName: string;
  timeoutMs: number;
  /** Sent as a bearer token to `/v1/models` when the servers run with `--api-key`; never logged. */
  apiKey?: string;
  fetch?: typeof fetch;
  now?: () => number;
}

function classifyFailure(error: unknown): { state: EndpointState; detail: string } {
  const name = (error as Error).name;
  if (name === 'TimeoutError' || name === 'AbortError') return { state: 'timeout', detail: 'no answer in time' };
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return { state: 'unreachable', detail: cause?.code ?? cause?.message ?? (error as Error).message };
}

/**
 * Checks one vLLM server as PROTOCOLS.md §1.1-1.2 describes it: `GET /health` answers 200 (503 once
 * the engine is dead; connection refused while the model loads), and `GET /v1/models` lists the
 * expected served model name (another name means another model answers on that port).
 */
export async function checkEndpoint(options: CheckEndpointOptions): Promise<EndpointCheck> {
  const fetchImplementation = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const started = now();
  const base = options.url.replace(/\/+$/, '');
  const done = (state: EndpointState, detail: string): EndpointCheck => ({
    url: options.url,
    state,
    detail,
    latencyMs: now() - started,
  });
  try {
    const health = await fetchImplementation(`${base}/health`, { signal: AbortSignal.timeout(options.timeoutMs) });
    await health.arrayBuffer();
    if (health.status !== 200) return done('unhealthy', `/health answered ${health.status}`);
    const headers: Record<string, string> =
      options.apiKey === undefined ? {} : { authorization: `Bearer ${options.apiKey}` };
    const models = await fetchImplementation(`${base}/v1/models`, {
      headers,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    const body: unknown = await models.json().catch(() => undefined);
    if (models.status === 401 || models.status === 403)
      return done('auth_error', `/v1/models answered ${models.status}; set VLLM_API_KEY to the servers' key`);
    if (models.status !== 200) return done('unhealthy', `/v1/models answered ${models.status}`);
    const data = (body as { data?: unknown } | undefined)?.data;
    const names = Array.isArray(data) ? data.map((card) => String((card as { id?: unknown }).id)) : [];
    if (!names.includes(options.servedModelName)) {
      return done(
        'wrong_model',
        `/v1/models lists ${names.length === 0 ? 'no model' : names.join(', ')}, not ${options.servedModelName}`,
      );
    }
    return done('healthy', '');
  } catch (error) {
    const failure = classifyFailure(error);
    return done(failure.state, failure.detail);
  }
}
