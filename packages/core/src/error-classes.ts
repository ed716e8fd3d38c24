/**
 * The error classes and exit codes with no schema library behind them, importable on their own
 * (`@biopipe/core/errors`) by code that must start fast; the main entry re-exports this file.
 */
export { BiopipeError, hintToPrint, normalizeError } from './errors.js';
export { errorClassForCode, errorClassOf } from './error-class-of.js';
export { redactSecrets, redactUrl } from './redact-secrets.js';
export { RequestRejectedError } from './request-rejected-error.js';
export type { BiopipeErrorCode } from './errors.js';
export {
  ConfigFileUnreadableError,
  ConfigValidationError,
  UnknownTaskTypeError,
  UsageError,
  formatConfigProblem,
} from './config-errors.js';
export type { ConfigProblem } from './config-errors.js';
export {
  CascadeExhaustedError,
  CloudDisallowedError,
  LocalModelUnavailableError,
  ProviderCallError,
  RequestTimeoutError,
  StreamInterruptedError,
} from './routing-errors.js';
export type { ProviderKind } from './routing-errors.js';
export { exitCodeFor } from './exit-codes.js';
