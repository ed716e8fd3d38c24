import { ROUTING_RECORD_SCHEMA_VERSION, type RoutingDecision, type RoutingMetric } from '@biopipe/core';

/** A complete, valid metric record of the current schema; `overrides` replace fields. */
export function createRoutingMetric(overrides: Partial<RoutingMetric> = {}): RoutingMetric {
  return {
    type: 'routing_metric',
    schema_version: ROUTING_RECORD_SCHEMA_VERSION,
    timestamp: '2025-06-01T12:00:00.000Z',
    request_id: 'req-test',
    strategy_profile: 't4_hybrid',
    task_type: 'code_generation',
    query_length: 120,
    target: 'coder',
    model_used: 'qwen2.5-coder-7b-instruct',
    provider: 'vllm',
    endpoint: 'http://127.0.0.1:8002',
    fallback_depth: 0,
    cloud: false,
    attempts: [
      {
        target: 'coder',
        endpoint: 'http://127.0.0.1:8002',
        model: 'qwen2.5-coder-7b-instruct',
        outcome: 'success',
        error_class: null,
        duration_ms: 812.5,
      },
    ],
    ttft_ms: 140.25,
    latency_ms: 812.5,
    prompt_tokens: 30,
    completion_tokens: 200,
    success: true,
    error_class: null,
    error_message: null,
    stream: true,
    complexity_score: null,
    complexity_decision: null,
    complexity_version: null,
    router_version: '1',
    cost_usd: 0,
    cost_estimated: false,
    phi_categories: null,
    budget_exceeded: false,
    ...overrides,
  };
}

/** A complete, valid decision record; `overrides` replace fields. */
export function createRoutingDecision(overrides: Partial<RoutingDecision> = {}): RoutingDecision {
  return {
    type: 'routing_decision',
    schema_version: ROUTING_RECORD_SCHEMA_VERSION,
    timestamp: '2025-06-01T12:00:00.000Z',
    request_id: 'req-test',
    strategy_profile: 'development',
    task_type: 'code_generation',
    target: 'coder',
    allow_cloud: true,
    candidates: [
      {
        target: 'coder',
        kind: 'replica',
        endpoint: 'http://127.0.0.1:8002',
        state: 'healthy',
        in_flight: 0,
        chosen: true,
        reason: 'healthy, fewest in flight',
      },
      {
        target: 'deepseek-v3',
        kind: 'cloud',
        endpoint: null,
        state: 'healthy',
        in_flight: null,
        chosen: false,
        reason: 'not needed',
      },
    ],
    ...overrides,
  };
}

/** A small seedable PRNG, for reproducible random records in tests (the one in core). */
export { createSeededRandom } from '@biopipe/core';
