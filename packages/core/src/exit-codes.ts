import type { BiopipeErrorCode } from './errors.js';

/** CLI exit codes (DESIGN.md): 0 ok; 1 the request failed; 2 usage or configuration; 3 no backend available; 130 interrupted. */
export const EXIT_CODES: Readonly<Record<BiopipeErrorCode, 1 | 2 | 3 | 130>> = {
  config_invalid: 2,
  config_file_unreadable: 2,
  unknown_profile: 2,
  invalid_profile_name: 2,
  unknown_task_type: 2,
  usage: 2,
  strategy_detection_failed: 3,
  local_model_unavailable: 3,
  cloud_disallowed: 3,
  no_backend_available: 3,
  circuit_open: 3,
  provider_call_failed: 1,
  cascade_exhausted: 1,
  stream_interrupted: 1,
  request_timeout: 1,
  internal: 1,
  content_policy_violation: 1,
  aborted: 130,
};

export function exitCodeFor(code: BiopipeErrorCode): number {
  return EXIT_CODES[code];
}
