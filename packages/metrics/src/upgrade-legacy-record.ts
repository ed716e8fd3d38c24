import { DEFAULT_CLOUD_MODELS, ROUTING_RECORD_SCHEMA_VERSION, type RoutingMetricInput } from '@biopipe/core';
import { redactSecrets } from './redact-secrets.js';

/** Routing version recorded for upgraded records: they predate versioned routing. */
export const LEGACY_ROUTER_VERSION = '0';
/** Error class given to a legacy failure, whose free-text `error` carries no class. */
export const LEGACY_ERROR_CLASS = 'unclassified';

const CLOUD_MODEL_NAMES = new Set(Object.entries(DEFAULT_CLOUD_MODELS).flatMap(([name, model]) => [name, model.model]));
const CLOUD_MODEL_PREFIX = /^(deepseek|claude|gpt-|o[1-9]-|text-embedding-)/i;

/** True for a record of schema version 0: the first metrics format, without `type` or `schema_version`. */
export function isLegacyRecord(value: Record<string, unknown>): boolean {
  return value['type'] === undefined && (value['schema_version'] === undefined || value['schema_version'] === 0);
}

function upgradeTimestamp(value: unknown): unknown {
  // Seconds since the epoch (a Python `time.time()`), or milliseconds when too large to be seconds.
  if (typeof value === 'number' && Number.isFinite(value))
    return new Date(value < 1e11 ? value * 1000 : value).toISOString();
  if (typeof value !== 'string') return value;
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time).toISOString();
}

/**
 * Upgrades a schema version 0 record — the original `{timestamp, task_type, query_length, model_used,
 * fallback_depth, latency_ms, success, error}` — to the current schema's input. Fields the old format
 * never had become `null`, `"unknown"` or `[]`; `cloud` is inferred from the model name (a built-in
 * cloud model's name or id, or a known cloud prefix); a failure's free-text `error` becomes
 * `error_class: "unclassified"` and a redacted `error_message`. Timestamps without an offset are local
 * time; numeric ones are seconds since the epoch. The result still goes through `routingMetricSchema`.
 */
export function upgradeLegacyRecord(value: Record<string, unknown>): RoutingMetricInput {
  const model = typeof value['model_used'] === 'string' ? value['model_used'] : null;
  const error = typeof value['error'] === 'string' && value['error'] !== '' ? value['error'] : null;
  const success = value['success'];
  return {
    type: 'routing_metric',
    schema_version: ROUTING_RECORD_SCHEMA_VERSION,
    timestamp: upgradeTimestamp(value['timestamp']) as string,
    request_id: 'unknown',
    strategy_profile: 'unknown',
    task_type: value['task_type'] as string,
    query_length: (value['query_length'] ?? 0) as number,
    target: 'unknown',
    model_used: model,
    provider: null,
    endpoint: null,
    fallback_depth: (value['fallback_depth'] ?? 0) as number,
    cloud: model !== null && (CLOUD_MODEL_NAMES.has(model) || CLOUD_MODEL_PREFIX.test(model)),
    attempts: [],
    ttft_ms: null,
    latency_ms: value['latency_ms'] as number,
    prompt_tokens: null,
    completion_tokens: null,
    success: success as boolean,
    error_class: success === false || error !== null ? LEGACY_ERROR_CLASS : null,
    error_message: error === null ? null : redactSecrets(error),
    router_version: LEGACY_ROUTER_VERSION,
  };
}
