import type { LatencySettings } from '../shared/latency-model.js';

/**
 * The latency the foreground development fleet uses: roughly a 7B AWQ model on a T4 at low load,
 * scaled down so demos stay quick — visible streaming, prefix caching that measurably helps.
 */
export const DEVELOPMENT_LATENCY: LatencySettings = {
  timeToFirstTokenMs: 40,
  prefillPerTokenMs: 0.2,
  interTokenLatencyMs: 8,
  jitter: 0.1,
  seed: 7,
};
