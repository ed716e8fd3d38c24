import { describe, expect, it } from '@jest/globals';
import { CircuitBreaker } from './circuit-breaker.js';

const settings = { failure_threshold: 3, cooldown_ms: 1000 };

function createBreaker(): { breaker: CircuitBreaker; advance: (ms: number) => void } {
  let now = 0;
  return { breaker: new CircuitBreaker(() => now), advance: (ms) => (now += ms) };
}

function fail(breaker: CircuitBreaker, times: number): void {
  for (let index = 0; index < times; index++) {
    expect(breaker.acquire(settings)).toBe(true);
    breaker.recordFailure(settings);
  }
}

describe('CircuitBreaker', () => {
  it('opens after failure_threshold consecutive failures, not before', () => {
    const { breaker } = createBreaker();
    fail(breaker, 2);
    expect(breaker.state(settings)).toBe('closed');
    fail(breaker, 1);
    expect(breaker.state(settings)).toBe('open');
    expect(breaker.acquire(settings)).toBe(false);
    expect(breaker.retryInMs(settings)).toBe(1000);
  });

  it('a success resets the count of consecutive failures', () => {
    const { breaker } = createBreaker();
    fail(breaker, 2);
    breaker.recordSuccess();
    fail(breaker, 2);
    expect(breaker.state(settings)).toBe('closed');
  });

  it('lets exactly one probe through after the cool-down; its success closes the circuit', () => {
    const { breaker, advance } = createBreaker();
    fail(breaker, 3);
    advance(999);
    expect(breaker.allowsRequest(settings)).toBe(false);
    advance(1);
    expect(breaker.state(settings)).toBe('half-open');
    expect(breaker.acquire(settings)).toBe(true);
    expect(breaker.acquire(settings)).toBe(false);
    breaker.recordSuccess();
    expect(breaker.state(settings)).toBe('closed');
    expect(breaker.acquire(settings)).toBe(true);
  });

  it('a failed probe opens the circuit for another full cool-down', () => {
    const { breaker, advance } = createBreaker();
    fail(breaker, 3);
    advance(1500);
    fail(breaker, 1);
    expect(breaker.state(settings)).toBe('open');
    advance(999);
    expect(breaker.acquire(settings)).toBe(false);
    advance(1);
    expect(breaker.acquire(settings)).toBe(true);
  });

  it('a released probe frees the slot without closing the circuit', () => {
    const { breaker, advance } = createBreaker();
    fail(breaker, 3);
    advance(1000);
    expect(breaker.acquire(settings)).toBe(true);
    breaker.release();
    expect(breaker.state(settings)).toBe('half-open');
    expect(breaker.acquire(settings)).toBe(true);
  });

  it('reads new settings at each call (a strategy switch keeps the history)', () => {
    const { breaker, advance } = createBreaker();
    fail(breaker, 2);
    breaker.recordFailure({ failure_threshold: 2, cooldown_ms: 50 });
    expect(breaker.state(settings)).toBe('open');
    advance(50);
    expect(breaker.state({ failure_threshold: 2, cooldown_ms: 50 })).toBe('half-open');
    expect(breaker.state(settings)).toBe('open');
  });
});
