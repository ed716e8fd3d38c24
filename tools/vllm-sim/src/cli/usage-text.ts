/** `--help` text for both entry points. */
export function usageText(style: 'vllm' | 'vllm-sim'): string {
  const call = style === 'vllm' ? 'vllm serve MODEL' : 'vllm-sim --model MODEL';
  return `Usage: ${call} [--served-model-name NAME...] [--port PORT] [--host HOST] [options]

A vLLM-compatible simulator (no GPU): the OpenAI-compatible API, /health, /metrics and more.

vLLM options honoured:
  --port P (default ${style === 'vllm' ? '8000' : '0 = any free port'})   --host H (default ${style === 'vllm' ? '0.0.0.0' : '127.0.0.1'})
  --served-model-name N...  --max-model-len L (e.g. 8192 or 8k)  --api-key K (or VLLM_API_KEY)
  --max-num-seqs N  --max-num-queued-reqs N (503 past it)  --runner pooling | --task embed (embeddings)
  --enable-prefix-caching | --no-enable-prefix-caching  --enable-force-include-usage
  GPU-only options (--dtype, --quantization, --gpu-memory-utilization, ...) are accepted and ignored.

Simulator options (or the environment variable in brackets):
  --mode echo|lorem|llama-guard [VLLM_SIM_MODE] --embedding-dimensions D [VLLM_SIM_EMBEDDING_DIMENSIONS]
  --time-to-first-token-ms MS [VLLM_SIM_TTFT_MS] --prefill-per-token-ms MS [VLLM_SIM_PREFILL_PER_TOKEN_MS]
  --inter-token-latency-ms MS [VLLM_SIM_ITL_MS]  --jitter SHARE [VLLM_SIM_JITTER]  --seed N [VLLM_SIM_SEED]
  --startup-delay-ms MS [VLLM_SIM_STARTUP_DELAY_MS]  --enable-admin [VLLM_SIM_ENABLE_ADMIN=1]
  --faults JSON [VLLM_SIM_FAULTS], e.g. '{"fail":{"status":503,"count":2}}' or '{"die":{"afterMs":5000}}'

Exits 0 on SIGTERM/SIGINT, 1 when the simulated engine dies or the port cannot be bound, 2 on bad usage.
`;
}
