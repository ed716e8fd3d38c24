#!/usr/bin/env node
// Measures what prefix caching buys on a vLLM server: time to first token for prompts that share a
// long context prefix (as bioinformatics context templates do) against prompts of the same length
// with a fresh prefix each, interleaved in one run, plus the server's prefix-cache counters.
// On a real fleet:   node tools/bench/live-fleet/measure-prefix-cache.mjs --url http://t4-node-01:8001 --model qwen2.5-7b-instruct
// The seed's target: prefix caching cuts TTFT by more than 20%. Add --json for a machine-readable result.
//
// With --policy (prefix-aware, fewest-in-flight, round-robin, or all) and one --url per replica, it
// instead sends the same workflow traffic through biopipe's router under each replica-selection
// policy, one after the other (each arm salts its contexts, so every arm starts with cold caches),
// and reports TTFT p50/p95, throughput, the share of requests per replica and each replica's
// prefix-cache hit counters:
//   node tools/bench/live-fleet/measure-prefix-cache.mjs --policy all --model qwen2.5-7b-instruct \
//     --url http://t4-node-01:8001 --url http://t4-node-02:8001 --url http://t4-node-03:8001
// Only a real fleet gives: absolute TTFT on a T4 (Turing attention kernels, chunked prefill
// interfering with decode, attention cost growing with prompt length), the real tokenizer's and
// chat template's block boundaries, KV capacity and eviction under real memory pressure and
// preemption, and the prefill cost per token that tools/bench/prefix-routing assumes. The simulated
// benchmark (npx nx run router:bench-prefix) shows the routing logic and relative hit rates.
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    url: { type: 'string', multiple: true },
    policy: { type: 'string' },
    workflows: { type: 'string', default: '30' },
    concurrency: { type: 'string', default: '8' },
    model: { type: 'string' },
    requests: { type: 'string', default: '20' },
    'prefix-words': { type: 'string', default: '1200' },
    'api-key': { type: 'string', default: process.env.VLLM_API_KEY ?? '' },
    json: { type: 'boolean', default: false },
  },
});
if (values.url === undefined || values.model === undefined) {
  console.error(
    'usage: measure-prefix-cache.mjs --url BASE_URL --model SERVED_MODEL_NAME [--requests 20] [--prefix-words 1200] [--json]\n' +
      '       measure-prefix-cache.mjs --policy prefix-aware|fewest-in-flight|round-robin|all --url URL [--url URL...] --model NAME\n' +
      '                                [--requests 20] [--workflows 30] [--concurrency 8] [--prefix-words 1200] [--json]',
  );
  process.exit(2);
}
if (values.policy !== undefined) {
  const { comparePolicies } = await import('./compare-policies.mjs');
  await comparePolicies(values).catch(fail);
  process.exit(0);
}
const base = values.url[0].replace(/\/+$/, '');
const requests = Number(values.requests);
const prefixWords = Number(values['prefix-words']);
const headers = {
  'content-type': 'application/json',
  ...(values['api-key'] === '' ? {} : { authorization: `Bearer ${values['api-key']}` }),
};

const words = 'sample read alignment variant coverage quality adapter genome transcript count matrix pipeline'.split(
  ' ',
);
function context(seed) {
  const out = [];
  for (let index = 0; index < prefixWords; index += 1)
    out.push(words[(index * 7 + seed * 13) % words.length] + (seed === 0 ? '' : String(seed % 97)));
  return out.join(' ');
}

/** Streams one chat request and returns the milliseconds until the first content token. */
async function timeToFirstToken(prefix, question) {
  const started = performance.now();
  const response = await fetch(`${base}/v1/chat/completions`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      model: values.model,
      stream: true,
      max_tokens: 4,
      messages: [
        { role: 'system', content: prefix },
        { role: 'user', content: question },
      ],
    }),
  });
  if (!response.ok) throw new Error(`${base}: HTTP ${response.status}: ${await response.text()}`);
  const decoder = new TextDecoder();
  let buffered = '';
  let firstToken;
  for await (const chunk of response.body) {
    buffered += decoder.decode(chunk, { stream: true });
    if (firstToken === undefined && /"content":"[^"]/.test(buffered)) firstToken = performance.now() - started;
  }
  return firstToken ?? performance.now() - started;
}

async function prefixCounters() {
  const text = await (await fetch(`${base}/metrics`)).text();
  const sum = (name) =>
    text
      .split('\n')
      .filter((line) => line.startsWith(name))
      .reduce((total, line) => total + Number(line.split(' ').pop()), 0);
  const hits = sum('vllm:prefix_cache_hits_total') || sum('vllm:gpu_prefix_cache_hits_total');
  const queries = sum('vllm:prefix_cache_queries_total') || sum('vllm:gpu_prefix_cache_queries_total');
  return { hits, queries };
}

/** Fails with one line saying what went wrong and what to check, not a stack trace. */
function fail(error) {
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  console.error(`measure-prefix-cache: ${error instanceof Error ? error.message : String(error)}${cause}`);
  console.error('Check --url (the server must answer /v1/chat/completions and /metrics) and --model.');
  process.exit(1);
}

async function main() {
  const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const shared = context(0);
  await timeToFirstToken(shared, 'warm-up'); // puts the shared prefix in the cache
  const before = await prefixCounters();
  const cold = [];
  const warm = [];
  for (let index = 1; index <= requests; index += 1) {
    cold.push(await timeToFirstToken(context(index + (Date.now() % 100000)), `question ${index}`));
    warm.push(await timeToFirstToken(shared, `question ${index}`));
  }
  const after = await prefixCounters();
  const result = {
    url: base,
    model: values.model,
    requests,
    prefix_words: prefixWords,
    ttft_ms_p50: { fresh_prefix: median(cold), shared_prefix: median(warm) },
    ttft_reduction: 1 - median(warm) / median(cold),
    prefix_cache: { hit_tokens: after.hits - before.hits, query_tokens: after.queries - before.queries },
  };
  if (values.json) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    console.log(`${requests} interleaved pairs, ${prefixWords}-word context, ${base} (${values.model})`);
    console.log(
      `TTFT p50: fresh prefix ${result.ttft_ms_p50.fresh_prefix.toFixed(1)} ms, shared prefix ${result.ttft_ms_p50.shared_prefix.toFixed(1)} ms: ${(result.ttft_reduction * 100).toFixed(0)}% less (seed target: > 20%)`,
    );
    console.log(
      `prefix cache: ${result.prefix_cache.hit_tokens} of ${result.prefix_cache.query_tokens} prompt tokens hit`,
    );
  }
}

await main().catch(fail);
