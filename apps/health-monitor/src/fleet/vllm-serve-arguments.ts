import type { FleetManifest } from '@biopipe/core';
import { findRole } from './find-role.js';

/**
 * The arguments after the binary for `vllm serve` of one role, for T4 GPUs (PROTOCOLS.md §3):
 * `--dtype half` (compute capability 7.5 has no bf16), the role's quantization (`awq` only where the
 * model is AWQ), `--runner pooling` for embedding models, prefix caching for generating models. The
 * API key is not passed: vLLM reads `VLLM_API_KEY` from the environment, which keeps it out of `ps`.
 */
export function buildVllmServeArguments(manifest: FleetManifest, role: string, fleetFile: string): string[] {
  const spec = findRole(manifest, role, fleetFile);
  const { defaults } = manifest;
  const argv = [
    'serve',
    spec.model,
    '--host',
    '0.0.0.0',
    '--port',
    String(spec.port),
    '--served-model-name',
    spec.served_model_name,
    '--dtype',
    defaults.dtype,
    '--max-model-len',
    String(spec.max_model_len),
    '--gpu-memory-utilization',
    String(defaults.gpu_memory_utilization),
  ];
  if (spec.quantization !== 'none') argv.push('--quantization', spec.quantization);
  if (spec.runner === 'pooling') {
    // Pooling (embedding) models keep no KV cache across requests, so prefix caching does not apply.
    argv.push('--runner', 'pooling');
  } else {
    argv.push(defaults.enable_prefix_caching ? '--enable-prefix-caching' : '--no-enable-prefix-caching');
  }
  argv.push(...spec.extra_args);
  return argv;
}
