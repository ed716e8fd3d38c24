/** A replica's load as its vLLM server reports it on `/metrics`. */
export interface VllmLoad {
  /** `vllm:num_requests_running`, summed over engines. */
  running: number;
  /** `vllm:num_requests_waiting`, summed over engines. */
  waiting: number;
  /** `vllm:kv_cache_usage_perc` (V1 >= 0.10), else `vllm:gpu_cache_usage_perc` (older); highest engine; undefined when neither is exposed. */
  kvCacheUsage: number | undefined;
}

const SAMPLE = /^(vllm:[a-z_]+)(?:\{[^}]*\})?\s+(\S+)/;

/**
 * Reads the load gauges out of Prometheus text (PROTOCOLS.md section 2). Both the current and the
 * deprecated KV-cache names are read, the current one winning, so every vLLM version the fleet may
 * run is understood. Returns undefined when the text has no running/waiting gauge: it is not a vLLM
 * metrics page, and its load is unknown.
 */
export function parseVllmLoad(text: string): VllmLoad | undefined {
  let running: number | undefined;
  let waiting: number | undefined;
  let kvCurrent: number | undefined;
  let kvDeprecated: number | undefined;
  for (const line of text.split('\n')) {
    if (!line.startsWith('vllm:')) continue;
    const sample = SAMPLE.exec(line);
    if (sample === null) continue;
    const value = Number(sample[2]);
    if (!Number.isFinite(value) || value < 0) continue;
    switch (sample[1]) {
      case 'vllm:num_requests_running':
        running = (running ?? 0) + value;
        break;
      case 'vllm:num_requests_waiting':
        waiting = (waiting ?? 0) + value;
        break;
      case 'vllm:kv_cache_usage_perc':
        kvCurrent = Math.max(kvCurrent ?? 0, Math.min(value, 1));
        break;
      case 'vllm:gpu_cache_usage_perc':
        kvDeprecated = Math.max(kvDeprecated ?? 0, Math.min(value, 1));
        break;
      default:
        break;
    }
  }
  if (running === undefined && waiting === undefined) return undefined;
  return { running: running ?? 0, waiting: waiting ?? 0, kvCacheUsage: kvCurrent ?? kvDeprecated };
}
