import type { CircuitBreakerSettings } from '@biopipe/core';

/** `closed`: traffic flows; `open`: cooling down, no traffic; `half-open`: one probe request is out. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * Passive health of one replica. `failure_threshold` consecutive failures open the circuit; once
 * `cooldown_ms` has passed, one probe request may go (half-open); its success closes the circuit,
 * its failure opens it for another cool-down. Settings are read at each call, so a strategy switch
 * that changes them keeps the replica's history.
 */
export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openedAt: number | undefined;
  private probeInFlight = false;

  constructor(private readonly now: () => number) {}

  /** The state as of now. An open circuit whose cool-down has passed reports `half-open` once a probe may go. */
  state(settings: CircuitBreakerSettings): CircuitState {
    if (this.openedAt === undefined) return 'closed';
    if (this.probeInFlight) return 'half-open';
    return this.now() - this.openedAt >= settings.cooldown_ms ? 'half-open' : 'open';
  }

  /** Whether a request may go now (closed, or a probe slot is free after the cool-down). */
  allowsRequest(settings: CircuitBreakerSettings): boolean {
    if (this.openedAt === undefined) return true;
    return !this.probeInFlight && this.now() - this.openedAt >= settings.cooldown_ms;
  }

  /** Milliseconds until a probe may go (0 when one may go now). */
  retryInMs(settings: CircuitBreakerSettings): number {
    if (this.openedAt === undefined) return 0;
    return Math.max(0, this.openedAt + settings.cooldown_ms - this.now());
  }

  /**
   * Claims the right to send a request. Returns false when the circuit is open, or half-open with
   * its probe already out; the caller must then skip this replica.
   */
  acquire(settings: CircuitBreakerSettings): boolean {
    if (!this.allowsRequest(settings)) return false;
    if (this.openedAt !== undefined) this.probeInFlight = true;
    return true;
  }

  recordSuccess(): void {
    this.consecutiveFailures = 0;
    this.openedAt = undefined;
    this.probeInFlight = false;
  }

  recordFailure(settings: CircuitBreakerSettings): void {
    this.consecutiveFailures++;
    if (this.probeInFlight || this.consecutiveFailures >= settings.failure_threshold) {
      this.openedAt = this.now();
      this.probeInFlight = false;
    }
  }

  /** Ends an acquired request that said nothing about health (e.g. cancelled by the caller, or a 400). */
  release(): void {
    this.probeInFlight = false;
  }
}
