import { CircuitBreaker } from '../resilience/circuit-breaker.js';

/** What the router knows of one replica from its own traffic. */
export class ReplicaState {
  /** Requests sent and not yet finished (a stream counts until its end). */
  inFlight = 0;
  /** Sequence number of the last time this replica was picked (0: never); breaks ties between equals. */
  lastPicked = 0;
  readonly breaker: CircuitBreaker;

  constructor(
    readonly url: string,
    now: () => number,
  ) {
    this.breaker = new CircuitBreaker(now);
  }
}

/**
 * Replica state by base URL. One store serves every strategy an orchestrator runs, so a replica that
 * appears in both the old and the new profile keeps its circuit and in-flight count across a switch.
 */
export class ReplicaStateStore {
  private readonly states = new Map<string, ReplicaState>();
  private sequence = 0;

  constructor(private readonly now: () => number = Date.now) {}

  get(url: string): ReplicaState {
    let state = this.states.get(url);
    if (state === undefined) {
      state = new ReplicaState(url, this.now);
      this.states.set(url, state);
    }
    return state;
  }

  /** Marks a replica as just picked. */
  markPicked(state: ReplicaState): void {
    state.lastPicked = ++this.sequence;
  }
}
