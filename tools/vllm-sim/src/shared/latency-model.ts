import { createSeededRandom, type RandomSource } from '@biopipe/core';

/** How long a simulated model takes. Every value defaults to 0: an instant server. */
export interface LatencySettings {
  /** Fixed time before the first token, in ms (scheduling, sampling, HTTP). @default 0 */
  timeToFirstTokenMs?: number;
  /** Prefill time per prompt token not found in the prefix cache, in ms. @default 0 */
  prefillPerTokenMs?: number;
  /** Time between two output tokens, in ms. @default 0 */
  interTokenLatencyMs?: number;
  /** Random spread of every sample, as a share of its mean (0.1 = ±10%), drawn from `seed`. @default 0 */
  jitter?: number;
  /** Seed of the jitter generator. @default 42 */
  seed?: number;
}

/** Samples latencies: mean × slow factor, spread uniformly by the jitter share. */
export class LatencyModel {
  readonly timeToFirstTokenMs: number;
  readonly prefillPerTokenMs: number;
  readonly interTokenLatencyMs: number;
  private readonly jitter: number;
  private readonly random: RandomSource;

  constructor(settings: LatencySettings = {}) {
    this.timeToFirstTokenMs = settings.timeToFirstTokenMs ?? 0;
    this.prefillPerTokenMs = settings.prefillPerTokenMs ?? 0;
    this.interTokenLatencyMs = settings.interTokenLatencyMs ?? 0;
    this.jitter = Math.min(Math.max(settings.jitter ?? 0, 0), 1);
    this.random = createSeededRandom(settings.seed ?? 42);
  }

  /** True when every mean is zero (the fast path skips timers altogether). */
  get isInstant(): boolean {
    return this.timeToFirstTokenMs === 0 && this.prefillPerTokenMs === 0 && this.interTokenLatencyMs === 0;
  }

  private spread(mean: number): number {
    if (mean <= 0 || this.jitter === 0) return Math.max(mean, 0);
    return mean * (1 + this.jitter * (this.random() * 2 - 1));
  }

  /** Time to the first token once scheduled: overhead + prefill of the uncached tokens. */
  firstTokenMs(uncachedTokens: number, slowFactor = 1): number {
    return this.spread((this.timeToFirstTokenMs + this.prefillPerTokenMs * uncachedTokens) * slowFactor);
  }

  /** One gap between output tokens. */
  interTokenMs(slowFactor = 1): number {
    return this.spread(this.interTokenLatencyMs * slowFactor);
  }
}
