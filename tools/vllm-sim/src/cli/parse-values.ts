import { UsageError } from '@biopipe/core';
import { parseSimFaults, type SimFaults } from '../shared/fault-settings.js';
import type { GenerationMode } from '../shared/text-generator.js';

/** A whole number; vLLM also accepts `4k` (×1000) and `4K` (×1024) for lengths. @throws UsageError */
export function parseWholeNumber(source: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text.trim());
  const scales: Record<string, number> = { '': 1, k: 1000, K: 1024, m: 1_000_000, M: 1024 * 1024 };
  const value = match === null ? Number.NaN : Number(match[1]) * (scales[match[2] ?? ''] ?? 1);
  if (!Number.isInteger(value))
    throw new UsageError(`${source} expects a whole number, got "${text}".`, `For example ${source} 4096.`);
  return value;
}

/** A number ≥ 0 (milliseconds, shares). @throws UsageError */
export function parseNonNegative(source: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0)
    throw new UsageError(`${source} expects a number of at least 0, got "${text}".`);
  return value;
}

/** `echo`, `lorem` or `llama-guard`. @throws UsageError */
export function parseMode(source: string, text: string): GenerationMode {
  if (text === 'echo' || text === 'lorem' || text === 'llama-guard') return text;
  throw new UsageError(`${source} must be echo, lorem or llama-guard, got "${text}".`);
}

/** vLLM's `--runner`, `--task` and `--convert` values, reduced to what the simulator serves. @throws UsageError */
export function parseRunner(source: string, text: string): 'generate' | 'pooling' | undefined {
  if (['pooling', 'embed', 'embedding', 'embeddings', 'classify', 'score', 'reward'].includes(text)) return 'pooling';
  if (text === 'generate') return 'generate';
  if (text === 'auto' || text === 'draft' || text === 'none') return undefined;
  throw new UsageError(
    `${source} "${text}" is not a runner the simulator knows.`,
    `Use ${source} generate or ${source} pooling.`,
  );
}

/** A JSON fault set, e.g. `{"fail":{"status":503,"count":2}}`. @throws UsageError */
export function parseFaultsJson(source: string, text: string): SimFaults {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`${source} is not valid JSON.`, `For example ${source}='{"fail":{"status":503,"count":2}}'.`);
  }
  return parseSimFaults(value, source);
}
