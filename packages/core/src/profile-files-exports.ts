/**
 * Finding profile files by name with no validation and no schema library behind it, importable on its
 * own (`@biopipe/core/profile-files`) by `strategy list` and shell completion, which must start fast.
 */
export { findNamedStrategy } from './default-strategy-name.js';
export { findProfileFiles, scanProfileFiles } from './profile-files.js';
export type { ProfileEntry } from './profile-files.js';
