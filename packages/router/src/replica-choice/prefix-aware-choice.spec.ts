import { describe, expect, it } from '@jest/globals';
import { StrategyConfig } from '@biopipe/core';
import { ProviderPool } from '../routing/provider-pool.js';
import { ReplicaStateStore } from '../routing/replica-state.js';
import { ReplicaRanker } from '../routing/replica-ranker.js';
import { createScriptedProvider } from '../testing/index.js';
import { createAffinityKey } from './affinity-key.js';
import { ReplicaLoadMonitor } from './replica-load-monitor.js';

const URLS = ['http://gpu-1:8001', 'http://gpu-2:8001', 'http://gpu-3:8001'];
const TEMPLATE = 'You plan Nextflow DSL2 pipelines for GRCh38. '.repeat(40);

function setup(extra = '', scrape?: (url: string) => Promise<string>) {
  const config = StrategyConfig.fromString(`profile_name: unit
vllm_endpoints:
  generalist: [${URLS.map((url) => `"${url}"`).join(', ')}]
task_routing: { "*": generalist }
replica_selection: { load_guard_queue_bound: 2${extra} }
`);
  const store = new ReplicaStateStore(() => 0);
  const loads = new ReplicaLoadMonitor({
    now: () => 0,
    intervalMs: 0,
    timeoutMs: 100,
    staleMs: 10_000,
    scrape,
    ownInFlight: (url) => store.get(url).inFlight,
  });
  const router = new ReplicaRanker({
    config,
    resolveReplicas: () => URLS.map((url) => ({ url, servedModelName: 'q', maxModelLen: 4096, source: 'profile' })),
    store,
    providers: new ProviderPool(({ url }) => createScriptedProvider({ endpoint: url, steps: [] })),
    loads,
  });
  const key = (context: string, question: string, session?: string) =>
    createAffinityKey({
      config,
      role: 'generalist',
      messages: [
        { role: 'system', content: TEMPLATE + context },
        { role: 'user', content: question },
      ],
      session,
    });
  /** Picks the best replica, claims it, and returns its URL. */
  const send = (context: string, question: string, session?: string): string => {
    const best = router.select('generalist', key(context, question, session)).candidates[0];
    if (best === undefined || !best.acquire()) throw new Error('nothing selectable');
    return best.endpoint;
  };
  return { router, store, loads, key, send };
}

describe('prefix-aware replica choice', () => {
  it('sends requests sharing a workflow context to the replica that served it first', () => {
    const { send, store } = setup();
    const first = send('workflow A: samplesheet rnaseq.csv '.repeat(20), 'question 1');
    store.get(first).inFlight = 0;
    const others = ['question 2', 'question 3'].map((question) => {
      const url = send('workflow A: samplesheet rnaseq.csv '.repeat(20), question);
      store.get(url).inFlight = 0;
      return url;
    });
    expect(others).toEqual([first, first]);
  });

  it('lets the load guard override affinity when the holder queue is too long', () => {
    const { send, store, loads, router, key } = setup();
    const context = 'workflow A: samplesheet rnaseq.csv '.repeat(20);
    const holder = send(context, 'question 1');
    store.get(holder).inFlight = 0;
    loads.record(holder, { running: 2, waiting: 1, kvCacheUsage: 0.4 });
    const ranked = router.describe('generalist', key(context, 'question 2'));
    const held = ranked.find((candidate) => candidate.endpoint === holder);
    expect(held?.reason).toContain('load guard: queue 3 > least-loaded 0 + bound 2');
    expect(held?.prefix_blocks_matched).toBeGreaterThan(0);
    const moved = send(context, 'question 2');
    expect(moved).not.toBe(holder);
    // the context now lives on `moved`; within the bound, affinity keeps it there
    for (const url of URLS) store.get(url).inFlight = 0;
    loads.record(moved, { running: 2, waiting: 0, kvCacheUsage: 0.4 });
    expect(send(context, 'question 3')).toBe(moved);
  });

  it('keeps routing to a replica whose /metrics fails, with its load shown as unknown', async () => {
    const page = 'vllm:num_requests_running 0\nvllm:num_requests_waiting 0\n';
    const { router, loads, key } = setup('', (url) =>
      url === URLS[0] ? Promise.reject(new Error('connect ECONNREFUSED')) : Promise.resolve(page),
    );
    await Promise.all(URLS.map((url) => loads.scrapeNow(url)));
    const list = router.select('generalist', key('x', 'y'));
    expect(list.skipped).toEqual([]);
    expect(list.candidates.map((candidate) => candidate.endpoint).sort()).toEqual(URLS);
    const failing = router.describe('generalist', key('x', 'y')).find((candidate) => candidate.endpoint === URLS[0]);
    expect(failing).toMatchObject({ state: 'unknown', queue: null });
    expect(failing?.reason).toContain('load unknown: scrape of http://gpu-1:8001/metrics failed: connect ECONNREFUSED');
  });

  it('keeps a session on its replica even when the prompt shares nothing', () => {
    const { send, store } = setup();
    const first = send('turn one', 'a', 'user-7');
    store.get(first).inFlight = 0;
    expect(send('entirely different text', 'b', 'user-7')).toBe(first);
  });

  it('forgets a replica once it is seen down, so affinity does not send work to an empty cache', () => {
    const { send, store, router, key } = setup(', policy: prefix-aware');
    const context = 'workflow C '.repeat(30);
    const holder = send(context, 'q');
    store.get(holder).inFlight = 0;
    for (let failure = 0; failure < 3; failure++) {
      store.get(holder).breaker.acquire({ failure_threshold: 3, cooldown_ms: 30_000 });
      store.get(holder).breaker.recordFailure({ failure_threshold: 3, cooldown_ms: 30_000 });
    }
    router.describe('generalist', key(context, 'q'));
    const matched = router
      .describe('generalist', key(context, 'q'))
      .filter((candidate) => (candidate.prefix_blocks_matched ?? 0) > 0);
    expect(matched).toEqual([]);
  });

  it('round-robin and fewest-in-flight ignore the prefix', () => {
    const { send, store } = setup(', policy: round-robin');
    const context = 'workflow A '.repeat(30);
    const picks = [1, 2, 3].map((question) => {
      const url = send(context, String(question));
      store.get(url).inFlight = 0;
      return url;
    });
    expect(new Set(picks).size).toBe(3);
  });
});

describe('a replica whose /metrics fails', () => {
  it('still gets its share of cold requests (an unknown load never loses every tie)', async () => {
    const page = 'vllm:num_requests_running 0\nvllm:num_requests_waiting 0\nvllm:kv_cache_usage_perc 0\n';
    const { router, loads } = setup('', (url) =>
      url === URLS[0] ? Promise.reject(new Error('HTTP 500')) : Promise.resolve(page),
    );
    await Promise.all(URLS.map((url) => loads.scrapeNow(url)));
    const picks = Array.from({ length: 6 }, () => {
      const best = router.select('generalist', { blocks: [], session: undefined }).candidates[0];
      if (best === undefined || !best.acquire()) throw new Error('nothing selectable');
      best.settle('success');
      return best.endpoint;
    });
    expect(picks.filter((url) => url === URLS[0])).toHaveLength(2);
    expect(new Set(picks).size).toBe(3);
  });
});

describe('a scraped queue', () => {
  it('does not count the router own requests twice, nor outlive them (a reading taken during one request)', () => {
    const { router, loads, key } = setup();
    const best = router.select('generalist', key('w', 'q')).candidates[0];
    if (best === undefined || !best.acquire()) throw new Error('nothing selectable');
    loads.record(best.endpoint, { running: 1, waiting: 2, kvCacheUsage: 0.1 });
    const during = router
      .describe('generalist', key('w', 'q'))
      .find((candidate) => candidate.endpoint === best.endpoint);
    expect(during?.queue).toBe(3);
    best.settle('success');
    const after = router
      .describe('generalist', key('w', 'q'))
      .find((candidate) => candidate.endpoint === best.endpoint);
    expect(after?.queue).toBe(2);
  });
});
