import {
  CounterFamily,
  GaugeFamily,
  HistogramFamily,
  renderFamilies,
  type MetricFamily,
} from '../shared/prometheus-text.js';

/** vLLM's bucket sets (vllm/v1/metrics/loggers.py). */
const TTFT_BUCKETS = [
  0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0,
  640.0, 2560.0,
];
const TOKEN_LATENCY_BUCKETS = [
  0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0,
];
const REQUEST_LATENCY_BUCKETS = [
  0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0,
  7680.0,
];

/** 1, 2, 5, 10, 20, 50, … up to `limit` (vLLM's build_1_2_5_buckets). */
function buckets125(limit: number): number[] {
  const found: number[] = [];
  for (let exponent = 1; ; exponent *= 10) {
    for (const mantissa of [1, 2, 5]) {
      const value = mantissa * exponent;
      if (value > limit) return found;
      found.push(value);
    }
  }
}

const LABELS = ['model_name', 'engine'];

/** What one finished request contributes to the metrics. */
export interface FinishedRequestTimes {
  finishedReason: 'stop' | 'length' | 'abort';
  promptTokens: number;
  generationTokens: number;
  maxTokens: number;
  n: number;
  /** Seconds: arrival to scheduled, scheduled to first token, first token to end. */
  queueSeconds: number;
  prefillSeconds: number;
  decodeSeconds: number;
}

/** The live state the gauges read at scrape time. */
export interface EngineGauges {
  running(): number;
  waiting(): number;
  kvCacheUsage(): number;
}

/**
 * The vLLM Prometheus metrics (PROTOCOLS.md §2) with `model_name` and `engine="0"` labels, under both
 * the current and the deprecated names scrapers fall back on.
 */
export class VllmMetrics {
  private readonly labels: readonly string[];
  private readonly families: MetricFamily[];
  private readonly prefixQueries: CounterFamily[];
  private readonly prefixHits: CounterFamily[];
  private readonly promptTokens = new CounterFamily(
    'vllm:prompt_tokens',
    'Number of prefill tokens processed.',
    LABELS,
  );
  private readonly generationTokens = new CounterFamily(
    'vllm:generation_tokens',
    'Number of generation tokens processed.',
    LABELS,
  );
  private readonly requestSuccess = new CounterFamily(
    'vllm:request_success',
    'Count of successfully processed requests.',
    [...LABELS, 'finished_reason'],
  );
  private readonly ttft = new HistogramFamily(
    'vllm:time_to_first_token_seconds',
    'Histogram of time to first token in seconds.',
    LABELS,
    TTFT_BUCKETS,
  );
  private readonly interToken: HistogramFamily[];
  private readonly requestTimePerOutputToken = new HistogramFamily(
    'vllm:request_time_per_output_token_seconds',
    'Histogram of time_per_output_token_seconds per request.',
    LABELS,
    TOKEN_LATENCY_BUCKETS,
  );
  private readonly latencies: Record<'e2e' | 'queue' | 'prefill' | 'decode' | 'inference', HistogramFamily>;
  private readonly tokenCounts: Record<'prompt' | 'generation' | 'maxTokens' | 'n', HistogramFamily>;

  constructor(
    modelName: string,
    maxModelLen: number,
    gauges: EngineGauges,
    cacheInfo: Readonly<Record<string, string>>,
  ) {
    this.labels = [modelName, '0'];
    const gauge = (name: string, help: string, read: () => number): GaugeFamily => {
      const family = new GaugeFamily(name, help, LABELS);
      family.track(this.labels, read);
      return family;
    };
    const latency = (name: string, help: string): HistogramFamily =>
      new HistogramFamily(name, help, LABELS, REQUEST_LATENCY_BUCKETS);
    const tokens = (name: string, help: string): HistogramFamily =>
      new HistogramFamily(name, help, LABELS, buckets125(maxModelLen));
    this.prefixQueries = [
      new CounterFamily(
        'vllm:prefix_cache_queries',
        'Prefix cache queries, in terms of number of queried tokens.',
        LABELS,
      ),
      new CounterFamily(
        'vllm:gpu_prefix_cache_queries',
        'GPU prefix cache queries, in terms of number of queried tokens.',
        LABELS,
      ),
    ];
    this.prefixHits = [
      new CounterFamily('vllm:prefix_cache_hits', 'Prefix cache hits, in terms of number of cached tokens.', LABELS),
      new CounterFamily(
        'vllm:gpu_prefix_cache_hits',
        'GPU prefix cache hits, in terms of number of cached tokens.',
        LABELS,
      ),
    ];
    this.interToken = [
      new HistogramFamily(
        'vllm:inter_token_latency_seconds',
        'Histogram of inter-token latency in seconds.',
        LABELS,
        TOKEN_LATENCY_BUCKETS,
      ),
      new HistogramFamily(
        'vllm:time_per_output_token_seconds',
        'Histogram of time per output token in seconds. DEPRECATED: use vllm:inter_token_latency_seconds.',
        LABELS,
        TOKEN_LATENCY_BUCKETS,
      ),
    ];
    this.latencies = {
      e2e: latency('vllm:e2e_request_latency_seconds', 'Histogram of e2e request latency in seconds.'),
      queue: latency('vllm:request_queue_time_seconds', 'Histogram of time spent in WAITING phase for request.'),
      prefill: latency('vllm:request_prefill_time_seconds', 'Histogram of time spent in PREFILL phase for request.'),
      decode: latency('vllm:request_decode_time_seconds', 'Histogram of time spent in DECODE phase for request.'),
      inference: latency(
        'vllm:request_inference_time_seconds',
        'Histogram of time spent in RUNNING phase for request.',
      ),
    };
    this.tokenCounts = {
      prompt: tokens('vllm:request_prompt_tokens', 'Number of prefill tokens processed.'),
      generation: tokens('vllm:request_generation_tokens', 'Number of generation tokens processed.'),
      maxTokens: tokens('vllm:request_params_max_tokens', 'Histogram of the max_tokens request parameter.'),
      n: new HistogramFamily(
        'vllm:request_params_n',
        'Histogram of the n request parameter.',
        LABELS,
        [1, 2, 5, 10, 20],
      ),
    };
    const cacheConfig = new GaugeFamily('vllm:cache_config_info', 'Information of the LLMEngine CacheConfig', [
      ...Object.keys(cacheInfo),
      'engine',
    ]);
    cacheConfig.track([...Object.values(cacheInfo), '0'], () => 1);
    const preemptions = new CounterFamily(
      'vllm:num_preemptions',
      'Cumulative number of preemption from the engine.',
      LABELS,
    );
    for (const reason of ['stop', 'length', 'abort']) this.requestSuccess.touch([...this.labels, reason]);
    this.families = [
      gauge('vllm:num_requests_running', 'Number of requests in model execution batches.', gauges.running),
      gauge('vllm:num_requests_waiting', 'Number of requests waiting to be processed.', gauges.waiting),
      gauge('vllm:kv_cache_usage_perc', 'KV-cache usage. 1 means 100 percent usage.', gauges.kvCacheUsage),
      gauge(
        'vllm:gpu_cache_usage_perc',
        'GPU KV-cache usage. 1 means 100 percent usage. DEPRECATED: use vllm:kv_cache_usage_perc.',
        gauges.kvCacheUsage,
      ),
      ...this.prefixQueries,
      ...this.prefixHits,
      preemptions,
      this.promptTokens,
      this.generationTokens,
      this.requestSuccess,
      this.ttft,
      ...this.interToken,
      this.requestTimePerOutputToken,
      ...Object.values(this.latencies),
      ...Object.values(this.tokenCounts),
      cacheConfig,
    ];
    for (const family of [
      ...this.prefixQueries,
      ...this.prefixHits,
      preemptions,
      this.promptTokens,
      this.generationTokens,
    ])
      family.touch(this.labels);
    for (const family of [
      this.ttft,
      ...this.interToken,
      this.requestTimePerOutputToken,
      ...Object.values(this.latencies),
      ...Object.values(this.tokenCounts),
    ]) {
      family.touch(this.labels);
    }
  }

  /** A prompt went through the prefix cache. */
  recordPrefixLookup(queriedTokens: number, hitTokens: number): void {
    for (const family of this.prefixQueries) family.increment(this.labels, queriedTokens);
    for (const family of this.prefixHits) family.increment(this.labels, hitTokens);
  }

  recordFirstToken(seconds: number): void {
    this.ttft.observe(this.labels, seconds);
  }

  recordInterToken(seconds: number): void {
    for (const family of this.interToken) family.observe(this.labels, seconds);
  }

  recordFinished(times: FinishedRequestTimes): void {
    const labels = this.labels;
    this.promptTokens.increment(labels, times.promptTokens);
    this.generationTokens.increment(labels, times.generationTokens);
    this.requestSuccess.increment([...labels, times.finishedReason]);
    const inference = times.prefillSeconds + times.decodeSeconds;
    this.latencies.e2e.observe(labels, times.queueSeconds + inference);
    this.latencies.queue.observe(labels, times.queueSeconds);
    this.latencies.prefill.observe(labels, times.prefillSeconds);
    this.latencies.decode.observe(labels, times.decodeSeconds);
    this.latencies.inference.observe(labels, inference);
    this.tokenCounts.prompt.observe(labels, times.promptTokens);
    this.tokenCounts.generation.observe(labels, times.generationTokens);
    this.tokenCounts.maxTokens.observe(labels, times.maxTokens);
    this.tokenCounts.n.observe(labels, times.n);
    if (times.generationTokens > 1)
      this.requestTimePerOutputToken.observe(labels, times.decodeSeconds / (times.generationTokens - 1));
  }

  /** The exposition text for `/metrics`. */
  render(): string {
    return renderFamilies(this.families);
  }
}
