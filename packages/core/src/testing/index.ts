/** Helpers for tests in every package (`@biopipe/core/testing`); not part of the product. */
export { runProcess } from './run-process.js';
export type { ProcessResult } from './run-process.js';
export { isProcessRunning } from './is-process-running.js';
export { createProfileYaml } from './create-profile-yaml.js';
