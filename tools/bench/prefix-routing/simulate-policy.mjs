// Runs one replica-selection policy over the workload in simulated time, with the router's own
// ReplicaRanker choosing each replica (its scorers, prefix index, load guard and in-flight
// bookkeeping), and `/metrics` scrapes fed from the engines every `scrapeIntervalMs`.
import { StrategyConfig } from '@biopipe/core';
import { ProviderPool, ReplicaLoadMonitor, ReplicaStateStore, ReplicaRanker, createAffinityKey } from '@biopipe/router';
import { ReplicaEngine } from './replica-engine.mjs';

/**
 * @param {{ policy: string, replicas: number, engine: object, workload: ReturnType<import('./workload.mjs').createWorkload>,
 *   ratePerSecond: number, durationMs: number, warmupMs: number, scrapeIntervalMs: number, queueBound: number }} options
 */
export function simulatePolicy(options) {
  let now = 0;
  const urls = Array.from({ length: options.replicas }, (_, index) => `http://replica-${index + 1}:8000`);
  const config = StrategyConfig.fromString(`profile_name: bench
vllm_endpoints:
  generalist: [${urls.map((url) => `"${url}"`).join(', ')}]
task_routing: { "*": generalist }
replica_selection: { policy: ${options.policy}, load_guard_queue_bound: ${options.queueBound} }
`);
  const clock = () => now;
  const store = new ReplicaStateStore(clock);
  const loads = new ReplicaLoadMonitor({
    now: clock,
    intervalMs: 0,
    timeoutMs: 1,
    staleMs: 3 * options.scrapeIntervalMs,
    ownInFlight: (url) => store.get(url).inFlight,
  });
  const router = new ReplicaRanker({
    config,
    resolveReplicas: () => urls.map((url) => ({ url, servedModelName: 'qwen', maxModelLen: 8192, source: 'profile' })),
    store,
    providers: new ProviderPool(({ url }) => ({ endpoint: url, kind: 'vllm' })),
    loads,
  });
  const engines = new Map(urls.map((url) => [url, new ReplicaEngine(url, options.engine)]));
  const results = [];
  const random = options.workload.random;
  let nextArrival = -Math.log(1 - random()) * (1000 / options.ratePerSecond);
  let nextScrape = 0;
  let routingMs = 0;

  const onFirstToken = (request, at) => {
    request.firstTokenAt = at;
  };
  const onDone = (request, at) => {
    request.candidate.settle('success');
    results.push({
      replica: request.url,
      arrival: request.arrival,
      ttftMs: request.firstTokenAt - request.arrival,
      doneAt: at,
    });
  };

  while (true) {
    let engine;
    let stepEnd = Infinity;
    for (const candidate of engines.values())
      if (candidate.stepEnd < stepEnd) {
        stepEnd = candidate.stepEnd;
        engine = candidate;
      }
    const arrivalsOpen = nextArrival < options.durationMs;
    if (!arrivalsOpen && engine === undefined) break;
    if (arrivalsOpen && nextScrape <= Math.min(nextArrival, stepEnd)) {
      now = nextScrape;
      for (const [url, replica] of engines)
        loads.record(url, {
          running: replica.running.length,
          waiting: replica.waiting.length,
          kvCacheUsage: replica.kvCacheUsage(),
        });
      nextScrape += options.scrapeIntervalMs;
    } else if (arrivalsOpen && nextArrival <= stepEnd) {
      now = nextArrival;
      const request = options.workload.nextRequest();
      request.arrival = now;
      const started = performance.now();
      const key = createAffinityKey({ config, role: 'generalist', messages: request.messages, session: undefined });
      const best = router.select('generalist', key).candidates[0];
      best.acquire();
      routingMs += performance.now() - started;
      request.candidate = best;
      request.url = best.endpoint;
      engines.get(best.endpoint).submit(request, now);
      nextArrival += -Math.log(1 - random()) * (1000 / options.ratePerSecond);
    } else {
      now = stepEnd;
      engine.finishStep(now, onFirstToken, onDone);
    }
  }
  return summarise(results, engines, options, routingMs);
}

function percentile(values, p) {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1] ?? NaN;
}

function summarise(results, engines, options, routingMs) {
  const measured = results.filter((result) => result.arrival >= options.warmupMs);
  const ttft = measured.map((result) => result.ttftMs);
  const windowMs = options.durationMs - options.warmupMs;
  const completedInWindow = results.filter(
    (result) => result.doneAt >= options.warmupMs && result.doneAt < options.durationMs,
  ).length;
  const perReplica = [...engines.values()].map((engine) => ({
    url: engine.url,
    requests: measured.filter((result) => result.replica === engine.url).length,
    busyMs: engine.busyMs,
    ttftP50: percentile(
      measured.filter((result) => result.replica === engine.url).map((result) => result.ttftMs),
      50,
    ),
  }));
  const meanRequests = perReplica.reduce((sum, replica) => sum + replica.requests, 0) / perReplica.length;
  const meanBusy = perReplica.reduce((sum, replica) => sum + replica.busyMs, 0) / perReplica.length;
  const queried = [...engines.values()].reduce((sum, engine) => sum + engine.queriedTokens, 0);
  const hits = [...engines.values()].reduce((sum, engine) => sum + engine.hitTokens, 0);
  return {
    policy: options.policy,
    requests: measured.length,
    ttftP50: percentile(ttft, 50),
    ttftP95: percentile(ttft, 95),
    ttftP99: percentile(ttft, 99),
    throughput: completedInWindow / (windowMs / 1000),
    hitRate: queried === 0 ? 0 : hits / queried,
    maxRequestShare: Math.max(...perReplica.map((replica) => replica.requests)) / meanRequests,
    maxBusyShare: Math.max(...perReplica.map((replica) => replica.busyMs)) / meanBusy,
    perReplica,
    routingMsPerRequest: routingMs / results.length,
  };
}
