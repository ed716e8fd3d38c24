#!/usr/bin/env node
// Writes realistic routing records (JSONL, as the router's sink writes them) for the metrics-report
// benchmark. Deterministic: the same --count and --seed always give the same bytes.
//   node tools/bench/metrics-report/generate-records.mjs --count 1000000 --seed 42 --out FILE
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createSeededRandom } from '@biopipe/core';
import { createRoutingMetric } from '@biopipe/metrics/testing';

const ROLES = {
  generalist: { model: 'qwen2.5-7b-instruct', port: 8001, medianMs: 900, ttftMs: 120 },
  coder: { model: 'qwen2.5-coder-7b-instruct', port: 8002, medianMs: 1600, ttftMs: 150 },
  math: { model: 'qwen2.5-math-7b-instruct', port: 8003, medianMs: 1300, ttftMs: 180 },
  embeddings: { model: 'bge-m3', port: 8004, medianMs: 60, ttftMs: null },
};
const CLOUD = {
  'deepseek-v3': {
    model: 'deepseek-chat',
    provider: 'openai-compatible',
    endpoint: 'https://api.deepseek.com',
    medianMs: 2400,
    ttftMs: 600,
  },
  'claude-3.5-sonnet': {
    model: 'claude-3-5-sonnet-latest',
    provider: 'anthropic',
    endpoint: 'https://api.anthropic.com',
    medianMs: 3000,
    ttftMs: 700,
  },
  'openai-embeddings': {
    model: 'text-embedding-3-small',
    provider: 'openai-compatible',
    endpoint: 'https://api.openai.com/v1',
    medianMs: 250,
    ttftMs: null,
  },
};
// task type, weight, role
const TASKS = [
  ['intent_parsing', 22, 'generalist'],
  ['code_generation', 18, 'coder'],
  ['code_validation', 8, 'coder'],
  ['math_statistics', 7, 'math'],
  ['data_analysis', 9, 'math'],
  ['documentation', 10, 'generalist'],
  ['embeddings', 14, 'embeddings'],
  ['orchestration', 6, 'generalist'],
  ['biomedical', 4, 'generalist'],
  ['safety', 2, 'generalist'],
];
const PROFILES = [
  ['t4_hybrid', 70, true],
  ['t4_local_only', 20, false],
  ['cloud_only', 5, true],
  ['development', 5, true],
];
const LOCAL_ERRORS = ['refused', 'timeout-first-token', 'http-503', 'circuit-open', 'timeout', 'http-500'];
const CLOUD_ERRORS = ['http-429', 'http-503', 'timeout', 'http-529'];

function pick(random, weighted) {
  const total = weighted.reduce((sum, entry) => sum + entry[1], 0);
  let roll = random() * total;
  for (const entry of weighted) {
    roll -= entry[1];
    if (roll < 0) return entry;
  }
  return weighted[weighted.length - 1];
}

/** Log-normal duration around a median, rounded to 0.1 ms like a timer reading. */
function duration(random, median, spread = 0.6) {
  const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.round(median * Math.exp(spread * normal) * 10) / 10;
}

const hex = (random, length) => {
  let text = '';
  for (let index = 0; index < length; index += 1) text += Math.floor(random() * 16).toString(16);
  return text;
};

/** One request: its metric and, when debug routing was on, its decision. */
export function generateRequest(random, timestampMs) {
  const [task, , role] = pick(random, TASKS);
  const [profile, , allowCloud] = pick(random, PROFILES);
  const timestamp = new Date(timestampMs).toISOString();
  const requestId = `req-${hex(random, 16)}`;
  const stream = task !== 'embeddings' && random() < 0.6;
  const cloudFirst = profile === 'cloud_only';
  const local = ROLES[role];
  const cloudName = task === 'embeddings' ? 'openai-embeddings' : random() < 0.8 ? 'deepseek-v3' : 'claude-3.5-sonnet';
  const replica = random() < 0.5 ? 1 : 2;
  const localEndpoint = (index) => `http://t4-node-0${index}:${local.port}`;

  // The chain the router walks: local replicas, then the cloud when allowed.
  const chain = cloudFirst
    ? [{ target: cloudName, cloud: true }]
    : [
        { target: role, cloud: false, endpoint: localEndpoint(replica) },
        { target: role, cloud: false, endpoint: localEndpoint(3 - replica) },
        ...(allowCloud ? [{ target: cloudName, cloud: true }] : []),
      ];
  const roll = random();
  const failures = roll < 0.86 ? 0 : roll < 0.95 ? 1 : roll < 0.985 ? 2 : 3;
  const attempts = [];
  let latency = 0;
  let served;
  for (let index = 0; index < chain.length; index += 1) {
    const step = chain[index];
    const spec = step.cloud ? CLOUD[step.target] : local;
    if (index < failures) {
      const errorClass = step.cloud
        ? CLOUD_ERRORS[Math.floor(random() * CLOUD_ERRORS.length)]
        : LOCAL_ERRORS[Math.floor(random() * LOCAL_ERRORS.length)];
      const took =
        errorClass === 'circuit-open'
          ? 0
          : errorClass.startsWith('timeout')
            ? duration(random, 5000, 0.1)
            : duration(random, 30, 0.8);
      attempts.push({
        target: step.target,
        endpoint: step.endpoint ?? spec.endpoint,
        model: spec.model,
        outcome: errorClass === 'circuit-open' ? 'skipped' : 'error',
        error_class: errorClass,
        duration_ms: took,
      });
      latency += took;
      continue;
    }
    const took = duration(random, spec.medianMs);
    attempts.push({
      target: step.target,
      endpoint: step.endpoint ?? spec.endpoint,
      model: spec.model,
      outcome: 'success',
      error_class: null,
      duration_ms: took,
    });
    latency += took;
    served = {
      step,
      spec,
      depth: index,
      ttft: stream && spec.ttftMs !== null ? Math.min(took, duration(random, spec.ttftMs, 0.5)) : null,
    };
    break;
  }
  const last = attempts[attempts.length - 1];
  const lastStep = chain[attempts.length - 1];
  const promptTokens = Math.floor(50 + random() * 3000);
  // The defaults fill the fields a record of this mix never sets (complexity, cost, PHI, budget).
  const metric = createRoutingMetric({
    timestamp,
    request_id: requestId,
    strategy_profile: profile,
    task_type: task,
    query_length: promptTokens * 4 + Math.floor(random() * 4),
    target: cloudFirst ? 'cloud' : role,
    model_used: served ? served.spec.model : null,
    provider: served ? (served.step.cloud ? served.spec.provider : 'vllm') : null,
    endpoint: served ? (served.step.endpoint ?? served.spec.endpoint) : null,
    fallback_depth: served ? served.depth : attempts.length - 1,
    cloud: lastStep.cloud,
    attempts,
    ttft_ms: served ? served.ttft : null,
    latency_ms: Math.round(latency * 10) / 10,
    prompt_tokens: served ? promptTokens : null,
    completion_tokens: served && task !== 'embeddings' ? Math.floor(20 + random() * 800) : served ? 0 : null,
    success: served !== undefined,
    error_class: served ? null : allowCloud || cloudFirst ? 'cascade-exhausted' : 'local-model-unavailable',
    error_message: served ? null : `every target failed; last: ${last.target} (${last.error_class})`,
    stream,
  });
  // deepseek-v3's catalogue price per token, so the report's cost sections have figures to add up.
  if (served && metric.cloud) metric.cost_usd = (promptTokens * 0.28 + metric.completion_tokens * 0.42) / 1e6;
  if (profile !== 'development') return [metric];
  const decision = {
    type: 'routing_decision',
    schema_version: 1,
    timestamp,
    request_id: requestId,
    strategy_profile: profile,
    task_type: task,
    target: metric.target,
    allow_cloud: allowCloud,
    candidates: chain.map((step, index) => ({
      target: step.target,
      kind: step.cloud ? 'cloud' : 'replica',
      endpoint: step.endpoint ?? CLOUD[step.target].endpoint,
      state: index < failures ? 'unhealthy' : 'healthy',
      in_flight: step.cloud ? null : Math.floor(random() * 4),
      chosen: served !== undefined && index === served.depth,
      reason: index < failures ? 'failed' : index === served?.depth ? 'first healthy candidate' : 'not needed',
    })),
  };
  return [metric, decision];
}

async function main() {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '1000000' },
      seed: { type: 'string', default: '42' },
      out: { type: 'string' },
      end: { type: 'string', default: '2025-06-08T00:00:00.000Z' },
      days: { type: 'string', default: '7' },
    },
  });
  const count = Number(values.count);
  if (!Number.isInteger(count) || count <= 0 || values.out === undefined) {
    console.error('usage: generate-records.mjs --count N --seed S --out FILE [--end ISO] [--days D]');
    process.exit(2);
  }
  const random = createSeededRandom(Number(values.seed));
  const endMs = Date.parse(values.end);
  const spanMs = Number(values.days) * 86_400_000;
  const stepMs = spanMs / count;
  await mkdir(path.dirname(path.resolve(values.out)), { recursive: true });
  const output = createWriteStream(values.out);
  let chunk = '';
  for (let index = 0; index < count; index += 1) {
    const timestampMs = Math.round(endMs - spanMs + index * stepMs + random() * stepMs * 0.5);
    for (const record of generateRequest(random, timestampMs)) chunk += `${JSON.stringify(record)}\n`;
    if (chunk.length > 1 << 20) {
      if (!output.write(chunk)) await new Promise((resolve) => output.once('drain', resolve));
      chunk = '';
    }
  }
  output.end(chunk);
  await new Promise((resolve, reject) => output.on('finish', resolve).on('error', reject));
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
