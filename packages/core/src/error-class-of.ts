import type { BiopipeError } from './errors.js';

/**
 * The kebab-case failure class of an error code: `cascade_exhausted` becomes `cascade-exhausted`.
 * `error_class` values (metrics records, attempts, the gateway's `/metrics` labels) are kebab-case like
 * the transport's own classes (`http-503`, `stream-cut`); the `code` users see in errors stays
 * snake_case, as OpenAI's codes are. Old metrics files hold snake values: the reader upgrades them here.
 */
export function errorClassForCode(code: string): string {
  return code.replaceAll('_', '-');
}

/** The short failure class recorded in attempts and metrics and counted by the gateway. */
export function errorClassOf(error: BiopipeError): string {
  if ('errorClass' in error && typeof error.errorClass === 'string') return error.errorClass;
  if (error.code === 'aborted') return 'cancelled';
  return error.code === 'request_timeout' ? 'timeout-total' : errorClassForCode(error.code);
}
