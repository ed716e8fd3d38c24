export { VLLM_URL_VARIABLE, parseVllmFleet } from './parse-vllm-fleet.js';
export type { VllmFleet } from './parse-vllm-fleet.js';
