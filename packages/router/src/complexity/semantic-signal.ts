import { LocalModelUnavailableError, type ComplexitySemanticSettings } from '@biopipe/core';
import { Cancellation, type CancelSignal } from '../resilience/cancellation.js';
import { EmbeddingCache, bestSimilarity, toUnitVector } from './embedding-cache.js';
import { boundPrompt } from './extract-features.js';
import type { LocalEmbed } from './local-embedder.js';
import type { SemanticBanks } from './semantic-banks.js';

/** Why the semantic signal had nothing to add; fixed words, so no error text (or prompt) reaches a record. */
export type SemanticUnavailableReason =
  'timeout' | 'role-unavailable' | 'embedding-failed' | 'model-mismatch' | 'cancelled';

/** The semantic signal for one prompt: its best similarity to each bank and the log-odds it adds. */
export type SemanticReading =
  | { status: 'used'; hard: number; easy: number; logit: number }
  | { status: 'unavailable'; reason: SemanticUnavailableReason };

interface EmbeddedBanks {
  model: string;
  easy: Float32Array[];
  hard: Float32Array[];
}

export interface SemanticSignalOptions {
  settings: ComplexitySemanticSettings;
  banks: SemanticBanks;
  embed: LocalEmbed;
  /** Bound on embedding the banks, once per process, in the background. @default 30000 */
  banksTimeoutMs?: number | undefined;
  /** @default 1024 prompts */
  cacheEntries?: number | undefined;
}

/** Embeddings are requested this many texts at a time, a batch size any pooling server takes. */
const BATCH = 64;

/**
 * Similarity of a prompt to the easy and hard banks, embedded by a local role (issue 15). The banks
 * are embedded lazily, once, and kept; prompt vectors are cached by hash. A request waits at most
 * `timeout_ms` for both: the banks' embedding goes on in the background if that runs out, so the
 * next request finds them ready, and a failure is retried by the next request.
 */
export class SemanticSignal {
  private banks: Promise<EmbeddedBanks> | undefined;
  private readonly cache: EmbeddingCache;

  constructor(private readonly options: SemanticSignalOptions) {
    this.cache = new EmbeddingCache(options.cacheEntries);
  }

  /** Prompts whose vectors are cached. */
  get cachedPrompts(): number {
    return this.cache.size;
  }

  /**
   * Embeds the banks now, so the first request's `timeout_ms` is not spent on them (cold, that takes
   * about as long as the default 200 ms). Waits at most `waitMs`; the embedding then goes on in the
   * background. Never throws: a failure is retried by the next request, as in `read`.
   */
  async warm(waitMs: number): Promise<'ready' | 'failed' | 'pending'> {
    let timer: NodeJS.Timeout | undefined;
    const pending = new Promise<'pending'>((resolve) => {
      timer = setTimeout(() => resolve('pending'), waitMs);
    });
    const embedded = this.embeddedBanks('warm-up').then(
      () => 'ready' as const,
      () => 'failed' as const,
    );
    try {
      return await Promise.race([embedded, pending]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Never throws: whatever fails, the reading says `unavailable` and why. */
  async read(prompt: string, call: { signal?: CancelSignal | undefined; requestId: string }): Promise<SemanticReading> {
    if (call.signal?.aborted === true) return { status: 'unavailable', reason: 'cancelled' };
    const { cancellation, unlink } = Cancellation.linkedTo(call.signal);
    const timeoutMs = this.options.settings.timeout_ms;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<SemanticReading>((resolve) => {
      timer = setTimeout(() => {
        resolve({ status: 'unavailable', reason: 'timeout' });
        cancellation.abort('semantic-timeout');
      }, timeoutMs);
    });
    const cancelled = new Promise<SemanticReading>((resolve) =>
      cancellation.addEventListener('abort', () => resolve({ status: 'unavailable', reason: 'cancelled' })),
    );
    try {
      return await Promise.race([timedOut, cancelled, this.compute(boundPrompt(prompt), cancellation, call.requestId)]);
    } finally {
      clearTimeout(timer);
      unlink();
    }
  }

  private async compute(text: string, signal: Cancellation, requestId: string): Promise<SemanticReading> {
    try {
      const banksPromise = this.embeddedBanks(requestId);
      const key = EmbeddingCache.keyOf(this.options.settings.role, text);
      let vector = this.cache.get(key);
      let model: string | undefined;
      if (vector === undefined) {
        const embedded = await this.options.embed([text], {
          signal,
          timeoutMs: this.options.settings.timeout_ms,
          requestId,
        });
        const values = embedded.vectors[0];
        if (values === undefined) return { status: 'unavailable', reason: 'embedding-failed' };
        vector = toUnitVector(values);
        model = embedded.model;
      }
      const banks = await banksPromise;
      if ((model !== undefined && model !== banks.model) || vector.length !== banks.hard[0]?.length) {
        // The role now serves another model: the banks must be embedded again by it.
        this.banks = undefined;
        this.cache.clear();
        return { status: 'unavailable', reason: 'model-mismatch' };
      }
      this.cache.set(key, vector);
      const hard = bestSimilarity(vector, banks.hard);
      const easy = bestSimilarity(vector, banks.easy);
      return { status: 'used', hard, easy, logit: this.options.settings.weight * (hard - easy) };
    } catch (error) {
      if (signal.aborted)
        return { status: 'unavailable', reason: signal.reason === 'semantic-timeout' ? 'timeout' : 'cancelled' };
      return {
        status: 'unavailable',
        reason: error instanceof LocalModelUnavailableError ? 'role-unavailable' : 'embedding-failed',
      };
    }
  }

  private embeddedBanks(requestId: string): Promise<EmbeddedBanks> {
    if (this.banks !== undefined) return this.banks;
    const started = this.embedBanks(requestId);
    this.banks = started;
    // A failed attempt is forgotten, so a later request tries again (each attempt is bounded).
    started.catch(() => {
      if (this.banks === started) this.banks = undefined;
    });
    return started;
  }

  private async embedBanks(requestId: string): Promise<EmbeddedBanks> {
    const { easy, hard } = this.options.banks;
    const texts = [...easy, ...hard];
    const timeoutMs = this.options.banksTimeoutMs ?? 30_000;
    const deadline = new Cancellation();
    const timer = setTimeout(() => deadline.abort('banks-timeout'), timeoutMs);
    try {
      const vectors: Float32Array[] = [];
      let model: string | undefined;
      for (let start = 0; start < texts.length; start += BATCH) {
        const batch = await this.options.embed(texts.slice(start, start + BATCH), {
          signal: deadline,
          timeoutMs,
          requestId: `${requestId}-banks`,
        });
        if (model !== undefined && batch.model !== model) throw new Error('the role answered with two models');
        model = batch.model;
        vectors.push(...batch.vectors.map(toUnitVector));
      }
      if (vectors.length !== texts.length || model === undefined) throw new Error('the role returned too few vectors');
      return { model, easy: vectors.slice(0, easy.length), hard: vectors.slice(easy.length) };
    } finally {
      clearTimeout(timer);
    }
  }
}
