#!/usr/bin/env node
// Prefix-aware replica choice against today's fewest-in-flight and round-robin, on the same
// simulated fleet and the same requests, in one run (issue 16's benchmark).
//
// Run: npx nx run router:bench-prefix   (or: node tools/bench/prefix-routing/run-bench.mjs [--json])
//
// Simulated time: 10 minutes of traffic (plus 1 minute of warm-up, discarded) cost seconds. The
// engines are stepped like vLLM V1 (chunked prefill within a per-step token budget, every running
// request decoding one token per step, max-num-seqs and a waiting queue), so queueing, prefill cost
// per uncached token and KV capacity (the simulator's own PrefixCache) are modelled. The router is
// the real ReplicaRanker. Defaults: a 7B AWQ model on a T4 (prefill 0.6 ms/token, 35 ms per step).
// KV capacity follows config/fleet.yaml: the generalist gets 8 GiB of VRAM; less ~5.5 GiB of AWQ
// weights and ~0.5 GiB of activations leaves ~2 GiB, at 56 KiB per token (Qwen2.5-7B: 28 layers x
// 4 KV heads x 128 x 2 x fp16) about 36k tokens. The gain depends on that: with a whole T4
// (--kv-tokens 100000) every replica holds the whole working set and round-robin hits almost as
// often. Calibrate on a real T4 with tools/bench/live-fleet/measure-prefix-cache.mjs. What the
// simulation cannot show: real tokenizer and chat-template boundaries, attention cost growing with
// prompt length, preemption under memory pressure.
import { parseArgs } from 'node:util';
import { simulatePolicy } from './simulate-policy.mjs';
import { createWorkload } from './workload.mjs';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '16' },
    minutes: { type: 'string', default: '10' },
    load: { type: 'string', default: '0.7' },
    'kv-tokens': { type: 'string', default: '36000' },
    'prefill-ms-per-token': { type: 'string', default: '0.6' },
    'queue-bound': { type: 'string', default: '4' },
    json: { type: 'boolean', default: false },
  },
});
const number = (name) => {
  const value = Number(values[name]);
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`run-bench: --${name} must be a positive number, got "${values[name]}"`);
    process.exit(2);
  }
  return value;
};

const engine = {
  blockSize: 16,
  kvCacheBlocks: Math.floor(number('kv-tokens') / 16),
  maxNumSeqs: 32,
  maxBatchedTokens: 512,
  stepOverheadMs: 35,
  prefillPerTokenMs: number('prefill-ms-per-token'),
  decodePerSequenceMs: 1,
};
const workloadSettings = {
  seed: number('seed'),
  workflows: 30,
  templates: 5,
  templateTokens: 1500,
  prefixTokens: [2000, 6000],
  questionTokens: [40, 200],
  outputTokens: [32, 160],
};
const replicas = 3;
const meanOutput = (workloadSettings.outputTokens[0] + workloadSettings.outputTokens[1]) / 2;
const probe = createWorkload(workloadSettings);
// Cold-cache capacity: GPU time per request with no prefix hit (prefill of the whole prompt, and
// one decode slot per output token), step overheads left out; the arrival rate is `--load` of it.
const gpuMsPerRequest = engine.prefillPerTokenMs * probe.meanPromptTokens + engine.decodePerSequenceMs * meanOutput;
const capacity = (replicas * 1000) / gpuMsPerRequest;
const ratePerSecond = number('load') * capacity;

const results = [];
for (const policy of ['prefix-aware', 'fewest-in-flight', 'round-robin']) {
  results.push(
    simulatePolicy({
      policy,
      replicas,
      engine,
      workload: createWorkload(workloadSettings),
      ratePerSecond,
      durationMs: (number('minutes') + 1) * 60_000,
      warmupMs: 60_000,
      scrapeIntervalMs: 2_000,
      queueBound: Number(values['queue-bound']),
    }),
  );
}

const [prefix, today] = results;
const checks = [
  ['TTFT p50 at least 20% lower than fewest-in-flight', prefix.ttftP50 <= 0.8 * today.ttftP50],
  ['TTFT p95 not worse than fewest-in-flight', prefix.ttftP95 <= today.ttftP95],
  [
    'throughput not lower than fewest-in-flight (within 1%: below saturation it is the arrival rate, and requests finishing just past the window differ)',
    prefix.throughput >= today.throughput * 0.99,
  ],
  [
    'no replica above 1.5x the mean load (requests and GPU time)',
    prefix.maxRequestShare <= 1.5 && prefix.maxBusyShare <= 1.5,
  ],
];
if (values.json) {
  console.log(JSON.stringify({ engine, workload: workloadSettings, ratePerSecond, results, checks }, null, 2));
} else {
  console.log(
    `${replicas} replicas, 30 workflows (prefix 2-6k tokens), Poisson ${ratePerSecond.toFixed(3)} req/s = ${values.load} of cold-cache capacity, ${values.minutes} simulated minutes after 1 minute of warm-up, seed ${values.seed}`,
  );
  console.log(
    `engine: ${engine.prefillPerTokenMs} ms/uncached token, ${engine.stepOverheadMs} ms/step, ${engine.maxBatchedTokens} tokens/step, KV ${engine.kvCacheBlocks * 16} tokens/replica`,
  );
  const row = (cells) => cells.map((cell, index) => String(cell).padStart(index === 0 ? 18 : 11)).join(' ');
  console.log(
    row([
      'policy',
      'requests',
      'TTFT p50',
      'TTFT p95',
      'TTFT p99',
      'req/s',
      'hit rate',
      'max/mean req',
      'max/mean GPU',
    ]),
  );
  for (const result of results)
    console.log(
      row([
        result.policy,
        result.requests,
        `${Math.round(result.ttftP50)} ms`,
        `${Math.round(result.ttftP95)} ms`,
        `${Math.round(result.ttftP99)} ms`,
        result.throughput.toFixed(3),
        `${(result.hitRate * 100).toFixed(1)}%`,
        result.maxRequestShare.toFixed(2),
        result.maxBusyShare.toFixed(2),
      ]),
    );
  console.log(
    `TTFT p50 by replica (prefix-aware): ${prefix.perReplica.map((replica) => `${replica.url} ${Math.round(replica.ttftP50)} ms`).join(', ')}`,
  );
  console.log(
    `routing cost (prefix-aware): ${(prefix.routingMsPerRequest * 1000).toFixed(0)} µs per request (wall clock, hashing included)`,
  );
  console.log(`TTFT p50 change vs fewest-in-flight: ${((prefix.ttftP50 / today.ttftP50 - 1) * 100).toFixed(1)}%`);
  for (const [name, met] of checks) console.log(`${met ? 'met   ' : 'MISSED'} ${name}`);
}
process.exit(checks.every(([, met]) => met) ? 0 : 1);
