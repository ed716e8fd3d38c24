import {
  BiopipeError,
  errorClassForCode,
  errorClassOf,
  hintToPrint,
  normalizeError,
  redactSecrets,
  type BiopipeErrorCode,
} from '@biopipe/core';

/** Failures of the HTTP layer itself, before any routing. */
export type GatewayErrorCode =
  | 'unauthorized'
  | 'payload_too_large'
  | 'not_found'
  | 'method_not_allowed'
  | 'invalid_request'
  | 'unsupported_media_type'
  | 'forbidden_origin'
  | 'misdirected_request';

/** A request the gateway refuses on its own (bad JSON, wrong field, no key, too large, no such route). */
export class GatewayError extends BiopipeError {
  readonly gatewayCode: GatewayErrorCode;
  /** The failure class `/metrics` counts, e.g. `payload-too-large`. */
  readonly errorClass: string;
  /** The request field at fault (the OpenAI envelope's `param`), or null. */
  readonly param: string | null;

  constructor(gatewayCode: GatewayErrorCode, message: string, options: { hint?: string; param?: string } = {}) {
    super('usage', message, options.hint === undefined ? {} : { hint: options.hint });
    this.gatewayCode = gatewayCode;
    this.errorClass = errorClassForCode(gatewayCode);
    this.param = options.param ?? null;
  }
}

/** A bad request field: 400 with `param` naming it. */
export function invalidField(param: string, message: string, hint?: string): GatewayError {
  return new GatewayError('invalid_request', message, hint === undefined ? { param } : { param, hint });
}

interface HttpFailure {
  status: number;
  /** The OpenAI envelope's `type`. */
  type: string;
}

const badRequest: HttpFailure = { status: 400, type: 'invalid_request_error' };
const unavailable: HttpFailure = { status: 503, type: 'service_unavailable_error' };
const upstream: HttpFailure = { status: 502, type: 'upstream_error' };

/**
 * THE table from error codes to HTTP: every status the gateway answers with comes from here.
 * 503 means no backend could be tried (nothing healthy; a PHI-safe profile whose local role is down);
 * 502 means backends were tried and every one failed; 499 is a client that went away (never sent).
 */
export const HTTP_FAILURES: Readonly<Record<BiopipeErrorCode | GatewayErrorCode, HttpFailure>> = {
  invalid_request: badRequest,
  usage: badRequest,
  unknown_task_type: badRequest,
  unknown_profile: badRequest,
  content_policy_violation: badRequest,
  invalid_profile_name: badRequest,
  config_invalid: badRequest,
  unauthorized: { status: 401, type: 'authentication_error' },
  not_found: { status: 404, type: 'not_found_error' },
  method_not_allowed: { status: 405, type: 'invalid_request_error' },
  payload_too_large: { status: 413, type: 'invalid_request_error' },
  unsupported_media_type: { status: 415, type: 'invalid_request_error' },
  forbidden_origin: { status: 403, type: 'permission_error' },
  misdirected_request: { status: 421, type: 'invalid_request_error' },
  aborted: { status: 499, type: 'client_closed_request' },
  config_file_unreadable: { status: 500, type: 'server_error' },
  internal: { status: 500, type: 'server_error' },
  provider_call_failed: upstream,
  cascade_exhausted: upstream,
  stream_interrupted: upstream,
  strategy_detection_failed: unavailable,
  local_model_unavailable: unavailable,
  cloud_disallowed: unavailable,
  no_backend_available: unavailable,
  circuit_open: unavailable,
  request_timeout: { status: 504, type: 'timeout_error' },
};

/** What an error becomes on the wire: status and the OpenAI error envelope. */
export interface DescribedFailure {
  status: number;
  code: BiopipeErrorCode | GatewayErrorCode;
  /** The kebab-case class `/metrics` counts, as metrics records name it (`cascade-exhausted`, `http-400`). */
  errorClass: string;
  body: { error: { message: string; type: string; param: string | null; code: string } };
  /** Seconds for a `Retry-After` header: every backend tried was busy and said when to come back. */
  retryAfterSeconds: number | undefined;
}

/**
 * Any thrown value as status + `{"error":{"message","type","param","code"}}`. The message is the
 * error's own sentence and its hint; errors never carry keys or prompt text (core's rule).
 */
export function describeFailure(thrown: unknown): DescribedFailure {
  const error = normalizeError(thrown);
  const code = error instanceof GatewayError ? error.gatewayCode : error.code;
  const failure = HTTP_FAILURES[code];
  const param = 'param' in error && typeof error.param === 'string' ? error.param : null;
  const hint = hintToPrint(error);
  // Redacted as every error is: a provider's message may quote a URL with its userinfo.
  const message = redactSecrets(hint === undefined ? error.message : `${error.message} ${hint}`);
  const retryAfterMs =
    'retryAfterMs' in error && typeof error.retryAfterMs === 'number' ? error.retryAfterMs : undefined;
  return {
    status: failure.status,
    code,
    errorClass: errorClassOf(error),
    body: { error: { message, type: failure.type, param, code } },
    retryAfterSeconds: retryAfterMs === undefined ? undefined : Math.max(1, Math.ceil(retryAfterMs / 1000)),
  };
}
