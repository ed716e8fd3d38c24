import { ProviderCallError, type ProviderKind } from '@biopipe/core';
import type { Cancellation } from '../resilience/cancellation.js';
import type { CallLimits } from './provider.js';

/**
 * The first-token and idle deadlines of one call. When one passes it aborts the call's cancellation
 * with a typed, retryable timeout error, which the transport turns into a closed connection.
 */
export class CallDeadline {
  private timer: NodeJS.Timeout | undefined;
  private sawToken = false;
  private paused = false;

  constructor(
    private readonly cancellation: Cancellation,
    private readonly limits: CallLimits,
    private readonly describe: { provider: ProviderKind; url: string },
  ) {
    this.timer = setTimeout(() => this.expire('timeout-first-token', limits.firstTokenMs), limits.firstTokenMs);
  }

  /** A token arrived: the first switches to the idle deadline, later ones restart it. */
  tokenReceived(): void {
    if (this.timer === undefined || this.paused) return;
    if (this.sawToken) {
      this.timer.refresh();
      return;
    }
    this.sawToken = true;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.expire('timeout-idle', this.limits.idleMs), this.limits.idleMs);
  }

  /** The consumer, not the server, is holding the stream up: stop the idle clock until `resume`. */
  pause(): void {
    if (!this.sawToken || this.timer === undefined) return;
    clearTimeout(this.timer);
    this.paused = true;
  }

  /** The consumer caught up: the idle clock starts again from now. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    if (this.timer !== undefined)
      this.timer = setTimeout(() => this.expire('timeout-idle', this.limits.idleMs), this.limits.idleMs);
  }

  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private expire(errorClass: 'timeout-first-token' | 'timeout-idle', ms: number): void {
    this.timer = undefined;
    const what = errorClass === 'timeout-first-token' ? 'no first token' : 'no token';
    this.cancellation.abort(
      new ProviderCallError({
        ...this.describe,
        errorClass,
        isRetryable: true,
        message: `${this.describe.url}: ${what} within ${ms} ms.`,
      }),
    );
  }
}
