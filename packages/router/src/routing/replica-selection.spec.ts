import { describe, expect, it } from '@jest/globals';
import {
  createCircuitFilter,
  createLoadGuard,
  fewestInFlightScorer,
  healthFilter,
  rankReplicas,
  type ReplicaScorer,
  type ReplicaView,
} from './replica-selection.js';
import { ReplicaStateStore } from './replica-state.js';

const circuit = { failure_threshold: 1, cooldown_ms: 1000 };

function views(store: ReplicaStateStore, urls: readonly string[]): ReplicaView[] {
  return urls.map((url) => ({ url, state: store.get(url), health: undefined }));
}

describe('rankReplicas', () => {
  it('prefers the replica with the fewest requests in flight', () => {
    const store = new ReplicaStateStore(() => 0);
    const [a, b, c] = views(store, ['http://a', 'http://b', 'http://c']) as [ReplicaView, ReplicaView, ReplicaView];
    a.state.inFlight = 3;
    b.state.inFlight = 1;
    c.state.inFlight = 2;
    expect(rankReplicas([a, b, c], [], [fewestInFlightScorer]).ranked.map((view) => view.url)).toEqual([
      'http://b',
      'http://c',
      'http://a',
    ]);
  });

  it('gives equals to the one picked least recently, so idle replicas share sequential traffic', () => {
    const store = new ReplicaStateStore(() => 0);
    const replicas = views(store, ['http://a', 'http://b']);
    const picks: string[] = [];
    for (let index = 0; index < 4; index++) {
      const best = rankReplicas(replicas, [], [fewestInFlightScorer]).ranked[0] as ReplicaView;
      store.markPicked(best.state);
      picks.push(best.url);
    }
    expect(picks).toEqual(['http://a', 'http://b', 'http://a', 'http://b']);
  });

  it('skips replicas the detector saw down, keeps those it never checked', () => {
    const store = new ReplicaStateStore(() => 0);
    const replicas: ReplicaView[] = [
      { url: 'http://a', state: store.get('http://a'), health: 'unreachable' },
      { url: 'http://b', state: store.get('http://b'), health: undefined },
      { url: 'http://c', state: store.get('http://c'), health: 'wrong_model' },
    ];
    const ranking = rankReplicas(replicas, [healthFilter], [fewestInFlightScorer]);
    expect(ranking.ranked.map((view) => view.url)).toEqual(['http://b']);
    expect(ranking.skipped.map(({ replica, skip }) => [replica.url, skip.state, skip.reason])).toEqual([
      ['http://a', 'unhealthy', 'detector: unreachable'],
      ['http://c', 'unhealthy', 'detector: wrong_model'],
    ]);
  });

  it('skips open circuits and lets a half-open one through while its probe slot is free', () => {
    let now = 0;
    const store = new ReplicaStateStore(() => now);
    const [a, b] = views(store, ['http://a', 'http://b']) as [ReplicaView, ReplicaView];
    a.state.breaker.acquire(circuit);
    a.state.breaker.recordFailure(circuit);
    const filters = [createCircuitFilter(() => circuit)];
    expect(rankReplicas([a, b], filters, []).skipped[0]?.skip).toEqual({
      state: 'circuit-open',
      reason: 'circuit open; next probe in 1000 ms',
    });
    now = 1000;
    expect(rankReplicas([a, b], filters, []).ranked).toHaveLength(2);
    a.state.breaker.acquire(circuit);
    expect(rankReplicas([a, b], filters, []).ranked.map((view) => view.url)).toEqual(['http://b']);
  });

  it('applies a load guard and weighted extra scorers (room for prefix affinity)', () => {
    const store = new ReplicaStateStore(() => 0);
    const [a, b] = views(store, ['http://a', 'http://b']) as [ReplicaView, ReplicaView];
    a.state.inFlight = 1;
    const affinity: ReplicaScorer = {
      name: 'prefix-affinity',
      weight: 5,
      score: (view) => (view.url === 'http://a' ? 1 : 0),
    };
    expect(rankReplicas([a, b], [], [fewestInFlightScorer, affinity]).ranked[0]?.url).toBe('http://a');
    expect(
      rankReplicas([a, b], [createLoadGuard(1)], [fewestInFlightScorer, affinity]).ranked.map((view) => view.url),
    ).toEqual(['http://b']);
  });
});
