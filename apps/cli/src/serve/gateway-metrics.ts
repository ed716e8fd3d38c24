import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The API a request came in on. */
export type GatewayEndpoint = 'chat' | 'completions' | 'embeddings';

/** How one request ended, as `/metrics` counts it. */
export interface RequestOutcome {
  endpoint: GatewayEndpoint;
  /** Task type, or `none` when the request named no valid one. */
  task: string;
  /** Route target (a role or `cloud`), or `none` when the request was refused before routing. */
  target: string;
  status: number;
  durationSeconds: number;
  /** 0 = served by the first choice; undefined when nothing served it. */
  fallbackDepth: number | undefined;
  /** The kebab-case error class when it failed (`cloud-disallowed`, `stream-cut`, …), as metrics records name it. */
  errorClass: string | undefined;
}

// Seconds: from a fast simulated answer (sub-millisecond) to a long local generation.
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

const NONCONFORMING_DEFAULT_METRICS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/**
 * The gateway's Prometheus metrics on their own registry: requests, fallbacks and errors counted by
 * task and target, latency and time-to-first-token histograms, requests in flight, and the process
 * metrics (memory, CPU, event-loop lag). Label children are cached, so a request costs a map lookup
 * per series rather than prom-client's label hashing.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'endpoint' | 'task' | 'target' | 'status'>;
  private readonly fallbacks: Counter<'endpoint' | 'task' | 'target' | 'depth'>;
  private readonly errors: Counter<'endpoint' | 'task' | 'target' | 'error_class'>;
  private readonly duration: Histogram<'endpoint' | 'task' | 'target'>;
  private readonly firstToken: Histogram<'task' | 'target'>;
  private countInFlight: () => number = () => 0;
  private readonly children = new Map<string, { inc(): void } | { observe(value: number): void }>();

  constructor(options: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    const counter = <L extends string>(name: string, help: string, labelNames: L[]): Counter<L> =>
      new Counter({ name, help, labelNames, registers });
    const histogram = <L extends string>(name: string, help: string, labelNames: L[]): Histogram<L> =>
      new Histogram({ name, help, labelNames, buckets: LATENCY_BUCKETS, registers });
    const series = ['endpoint', 'task', 'target'] as const;
    const perRequest = 'by API endpoint, task type and route target';
    this.requests = counter('biopipe_gateway_requests_total', `Requests answered, ${perRequest}, and HTTP status.`, [
      ...series,
      'status',
    ]);
    this.fallbacks = counter(
      'biopipe_gateway_fallbacks_total',
      `Requests served by a fallback, ${perRequest}, and depth (above 0).`,
      [...series, 'depth'],
    );
    this.errors = counter(
      'biopipe_gateway_errors_total',
      `Requests that failed (mid-stream failures included), ${perRequest}, and kebab-case error class.`,
      [...series, 'error_class'],
    );
    this.duration = histogram(
      'biopipe_gateway_request_duration_seconds',
      'Time from request to the end of the response.',
      [...series],
    );
    this.firstToken = histogram(
      'biopipe_gateway_time_to_first_token_seconds',
      'Streams: time from request to the first content chunk written.',
      ['task', 'target'],
    );
    const readInFlight = (): number => this.countInFlight();
    new Gauge({
      name: 'biopipe_gateway_in_flight_requests',
      help: 'Requests being handled now.',
      registers,
      // Read at scrape time: the request path pays nothing for it.
      collect() {
        this.set(readInFlight());
      },
    });
    if (options.processMetrics !== false) {
      collectDefaultMetrics({ register: this.registry });
      // Gauges named `*_total` fail `promtool check metrics`; the handle and request counts are noise here.
      for (const name of NONCONFORMING_DEFAULT_METRICS) this.registry.removeSingleMetric(name);
    }
  }

  private child<T>(key: string, make: () => T): T {
    let child = this.children.get(key) as T | undefined;
    if (child === undefined) {
      child = make();
      this.children.set(key, child as { inc(): void });
    }
    return child;
  }

  record(outcome: RequestOutcome): void {
    const { endpoint, task, target } = outcome;
    const series = `${endpoint}\u0000${task}\u0000${target}`;
    this.child(`r\u0000${series}\u0000${outcome.status}`, () =>
      this.requests.labels(endpoint, task, target, String(outcome.status)),
    ).inc();
    this.child(`d\u0000${series}`, () => this.duration.labels(endpoint, task, target)).observe(outcome.durationSeconds);
    if (outcome.fallbackDepth !== undefined && outcome.fallbackDepth > 0) {
      this.child(`f\u0000${series}\u0000${outcome.fallbackDepth}`, () =>
        this.fallbacks.labels(endpoint, task, target, String(outcome.fallbackDepth)),
      ).inc();
    }
    if (outcome.errorClass !== undefined) {
      this.child(`e\u0000${series}\u0000${outcome.errorClass}`, () =>
        this.errors.labels(endpoint, task, target, outcome.errorClass as string),
      ).inc();
    }
  }

  recordFirstToken(task: string, target: string, seconds: number): void {
    this.child(`t\u0000${task}\u0000${target}`, () => this.firstToken.labels(task, target)).observe(seconds);
  }

  /** Where the in-flight gauge reads its value at scrape time. */
  countInFlightWith(count: () => number): void {
    this.countInFlight = count;
  }

  /** The Prometheus text exposition. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
