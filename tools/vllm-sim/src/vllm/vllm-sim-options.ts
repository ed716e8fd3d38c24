import { UsageError } from '@biopipe/core';
import type { AnswerKey } from '../shared/answer-key.js';
import type { SimFaults } from '../shared/fault-settings.js';
import type { LatencySettings } from '../shared/latency-model.js';
import type { GenerationMode } from '../shared/text-generator.js';

/** How to start one simulated vLLM server. Only `servedModelName` is required. */
export interface VllmSimOptions extends LatencySettings {
  /** `--served-model-name`: the `id` in `/v1/models`, the `model` in answers and metrics. Extra names are aliases. */
  servedModelName: string | readonly string[];
  /** `--model`: the model path or id, shown as `root` in `/v1/models`. @default the first served name */
  model?: string;
  /** Interface to bind. @default "127.0.0.1" */
  host?: string;
  /** Port to bind; 0 picks a free one. @default 0 */
  port?: number;
  /** `--max-model-len`: context length in tokens (prompt + answer). @default 8192 */
  maxModelLen?: number;
  /** Vector size; setting it makes this an embeddings server unless `runner` says otherwise. */
  embeddingDimensions?: number;
  /** `generate` serves chat and completions; `pooling` serves embeddings. @default "pooling" when embeddingDimensions is set, else "generate" */
  runner?: 'generate' | 'pooling';
  /** How answers are made up. @default "lorem" */
  mode?: GenerationMode;
  /** `--max-num-seqs`: requests running at once; the rest wait in an unbounded queue. @default 256 */
  maxNumSeqs?: number;
  /** `--max-num-queued-reqs`: waiting requests beyond this get 503 (recent vLLM). @default unbounded */
  maxQueued?: number;
  /** `--api-key`: when set, `/v1/*` needs `Authorization: Bearer <key>`. @default none */
  apiKey?: string;
  /** Time the port refuses connections while the "model loads", in ms. @default 0 */
  startupDelayMs?: number;
  /** Serve `/admin/faults` and `/admin/stats` for runtime fault injection. @default false */
  enableAdmin?: boolean;
  /** Faults in force from the start. @default none */
  faults?: SimFaults;
  /** Seed of the fault generator (fractions). @default 1 */
  faultSeed?: number;
  /** Prefix caching (`--enable-prefix-caching`, on by default in vLLM V1). @default true */
  enablePrefixCaching?: boolean;
  /** KV-cache block size in tokens. @default 16 */
  blockSize?: number;
  /** KV-cache capacity in blocks (drives `kv_cache_usage_perc` and prefix-cache eviction). @default 4096 */
  kvCacheBlocks?: number;
  /** `--enable-force-include-usage`: a usage chunk ends every stream, even without `stream_options`. @default false */
  forceIncludeUsage?: boolean;
  /** What `/version` reports. @default "0.11.2" */
  version?: string;
  /** After an engine death, how long `/health` answers 503 before the listener closes, in ms. @default 200 */
  deathLingerMs?: number;
  /** How many recent requests `requests` keeps. @default 1000 */
  recordLimit?: number;
  /** Answers to evaluation suites' items (right with a set probability); other requests follow `mode`. @default none */
  answerKey?: AnswerKey;
}

/** The options with every default filled in. */
export interface ResolvedVllmSimOptions extends Required<
  Omit<VllmSimOptions, 'servedModelName' | 'embeddingDimensions' | 'maxQueued' | 'apiKey' | 'faults' | 'answerKey'>
> {
  servedModelNames: readonly string[];
  embeddingDimensions: number;
  maxQueued: number;
  apiKey: string | undefined;
  faults: SimFaults | undefined;
  answerKey: AnswerKey | undefined;
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  const resolved = value ?? fallback;
  if (!Number.isInteger(resolved) || resolved <= 0) {
    throw new UsageError(
      `${name} must be a positive integer, got ${String(value)}.`,
      `Pass a whole number above 0 for ${name}.`,
    );
  }
  return resolved;
}

/** Checks the options and fills in defaults. @throws UsageError naming the bad option */
export function resolveVllmSimOptions(options: VllmSimOptions): ResolvedVllmSimOptions {
  const names = typeof options.servedModelName === 'string' ? [options.servedModelName] : [...options.servedModelName];
  if (names.length === 0 || names.some((name) => name.trim() === '')) {
    throw new UsageError(
      'servedModelName must be a non-empty model name.',
      'Pass the name clients send as "model", e.g. "qwen2.5-7b-instruct".',
    );
  }
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`port must be 0-65535, got ${port}.`);
  const runner = options.runner ?? (options.embeddingDimensions === undefined ? 'generate' : 'pooling');
  return {
    servedModelNames: names,
    model: options.model ?? names[0] ?? '',
    host: options.host ?? '127.0.0.1',
    port,
    maxModelLen: positiveInteger('maxModelLen', options.maxModelLen, 8192),
    embeddingDimensions: positiveInteger('embeddingDimensions', options.embeddingDimensions, 1024),
    runner,
    mode: options.mode ?? 'lorem',
    maxNumSeqs: positiveInteger('maxNumSeqs', options.maxNumSeqs, 256),
    maxQueued: options.maxQueued === undefined ? Number.POSITIVE_INFINITY : Math.max(0, options.maxQueued),
    apiKey: options.apiKey === '' ? undefined : options.apiKey,
    startupDelayMs: Math.max(0, options.startupDelayMs ?? 0),
    enableAdmin: options.enableAdmin ?? false,
    faults: options.faults,
    answerKey: options.answerKey,
    faultSeed: options.faultSeed ?? 1,
    enablePrefixCaching: options.enablePrefixCaching ?? true,
    blockSize: positiveInteger('blockSize', options.blockSize, 16),
    kvCacheBlocks: positiveInteger('kvCacheBlocks', options.kvCacheBlocks, 4096),
    forceIncludeUsage: options.forceIncludeUsage ?? false,
    version: options.version ?? '0.11.2',
    deathLingerMs: Math.max(0, options.deathLingerMs ?? 200),
    recordLimit: Math.max(0, options.recordLimit ?? 1000),
    timeToFirstTokenMs: options.timeToFirstTokenMs ?? 0,
    prefillPerTokenMs: options.prefillPerTokenMs ?? 0,
    interTokenLatencyMs: options.interTokenLatencyMs ?? 0,
    jitter: options.jitter ?? 0,
    seed: options.seed ?? 42,
  };
}
