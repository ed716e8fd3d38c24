/**
 * What `--json` prints, made the same for every command: snake_case keys (as in the metrics records)
 * and numbers no finer than they mean.
 */

/** `promptTokens` → `prompt_tokens`; keys already in snake_case stay as they are. */
function toSnakeCase(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/**
 * A copy with every object key in snake_case, for the router's and detector's own records (usage,
 * budget, calibration). Never for a profile or template: their keys are the user's YAML, shown verbatim.
 */
export function toSnakeCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toSnakeCaseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [toSnakeCase(key), toSnakeCaseKeys(item)]));
}

/**
 * `JSON.stringify` replacer: a `*_ms` field to the microsecond (3 decimals: `performance.now()`
 * differences like 429.60202599999997 carry no more), any other fractional field to 15 significant
 * digits (drops binary noise such as 0.000055230000000000005, keeps every digit a double computation
 * means). Array elements pass through: embedding vectors are the model's numbers, not ours to round.
 */
export function roundJsonNumber(this: unknown, key: string, value: unknown): unknown {
  if (typeof value !== 'number' || Number.isInteger(value) || !Number.isFinite(value) || Array.isArray(this))
    return value;
  if (key.endsWith('_ms')) return Math.round(value * 1000) / 1000;
  return Number(value.toPrecision(15));
}
