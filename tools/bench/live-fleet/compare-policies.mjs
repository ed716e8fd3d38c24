// The --policy arm of measure-prefix-cache.mjs: the same workflow traffic through biopipe's router
// (ModelOrchestrator, streaming) under each replica-selection policy, against a live fleet.
import { StrategyConfig, createSeededRandom } from '@biopipe/core';
import { ModelOrchestrator } from '@biopipe/router';

const POLICIES = ['prefix-aware', 'fewest-in-flight', 'round-robin'];
const WORDS = 'sample read alignment variant coverage quality adapter genome transcript count matrix pipeline'.split(
  ' ',
);

function percentile(values, p) {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1] ?? NaN;
}

/** A workflow's context: deterministic words, salted per arm so no arm finds another's cache. */
function context(salt, workflow, words) {
  const out = [`workflow ${salt}-${workflow}`];
  for (let index = 0; index < words; index += 1)
    out.push(WORDS[(index * 7 + workflow * 13) % WORDS.length] + String(workflow));
  return out.join(' ');
}

async function prefixCounters(url) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const sum = (name) =>
    text
      .split('\n')
      .filter((line) => line.startsWith(name))
      .reduce((total, line) => total + Number(line.split(' ').pop()), 0);
  return {
    hits: sum('vllm:prefix_cache_hits_total') || sum('vllm:gpu_prefix_cache_hits_total'),
    queries: sum('vllm:prefix_cache_queries_total') || sum('vllm:gpu_prefix_cache_queries_total'),
  };
}

async function runArm(policy, options) {
  const { urls, model, requests, workflows, concurrency, prefixWords, apiKey } = options;
  const config = StrategyConfig.fromString(`profile_name: live_${policy.replaceAll('-', '_')}
allow_cloud: false
vllm_endpoints:
  generalist: { urls: [${urls.map((url) => JSON.stringify(url)).join(', ')}], served_model_name: ${JSON.stringify(model)} }
task_routing: { "*": generalist }
timeouts: { first_token_ms: 120000, total_ms: 600000 }
replica_selection: { policy: ${policy} }
`);
  const orchestrator = await ModelOrchestrator.create({
    strategy: config,
    env: apiKey === '' ? {} : { VLLM_API_KEY: apiKey },
    fleet: null,
    scrapeReplicaLoad: true,
  });
  const salt = `${policy}-${Date.now()}`;
  // Connections and code paths warm up on a few requests that share nothing with the measured ones.
  for (let index = 0; index < concurrency; index += 1)
    await orchestrator.generate({ task_type: 'orchestration', prompt: `warm-up ${salt} ${index}`, max_tokens: 1 });
  // Every arm draws the same workflow sequence, uniformly at random (a fixed cycle could line up
  // with round-robin and give it affinity by accident).
  const random = createSeededRandom(16);
  const order = Array.from({ length: requests }, () => Math.floor(random() * workflows));
  const contexts = Array.from({ length: workflows }, (_, workflow) => context(salt, workflow, prefixWords));
  const before = await Promise.all(urls.map(prefixCounters));
  const results = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < requests) {
      const index = next++;
      const sent = performance.now();
      const stream = orchestrator.stream({
        task_type: 'orchestration',
        system: contexts[order[index]],
        prompt: `question ${index}: which step comes next?`,
        max_tokens: 16,
      });
      let firstToken;
      for await (const part of stream) {
        if (part.type === 'text-delta' && firstToken === undefined) firstToken = performance.now() - sent;
        if (part.type === 'error') throw part.error;
      }
      const route = await stream.route;
      results.push({ ttft: firstToken ?? performance.now() - sent, endpoint: route.endpoint });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const after = await Promise.all(urls.map(prefixCounters));
  const ttft = results.map((result) => result.ttft);
  return {
    policy,
    requests: results.length,
    ttft_ms_p50: percentile(ttft, 50),
    ttft_ms_p95: percentile(ttft, 95),
    requests_per_second: results.length / seconds,
    replicas: urls.map((url, index) => ({
      url,
      share: results.filter((result) => result.endpoint?.startsWith(url) === true).length / results.length,
      prefix_hit_tokens: after[index].hits - before[index].hits,
      prefix_query_tokens: after[index].queries - before[index].queries,
    })),
  };
}

export async function comparePolicies(values) {
  const policies = values.policy === 'all' ? POLICIES : [values.policy];
  const unknown = policies.find((policy) => !POLICIES.includes(policy));
  if (unknown !== undefined) {
    console.error(`measure-prefix-cache: --policy must be one of ${POLICIES.join(', ')} or all, not "${unknown}"`);
    process.exit(2);
  }
  const options = {
    urls: values.url.map((url) => url.replace(/\/+$/, '')),
    model: values.model,
    requests: Number(values.requests),
    workflows: Number(values.workflows),
    concurrency: Number(values.concurrency),
    prefixWords: Number(values['prefix-words']),
    apiKey: values['api-key'],
  };
  const arms = [];
  for (const policy of policies) arms.push(await runArm(policy, options));
  if (values.json) {
    console.log(JSON.stringify({ ...options, apiKey: undefined, arms }, null, 2));
    return;
  }
  console.log(
    `${options.requests} requests per policy, ${options.workflows} workflows of ${options.prefixWords} words, concurrency ${options.concurrency}, ${options.urls.length} replicas`,
  );
  for (const arm of arms) {
    const hits = arm.replicas.reduce((sum, replica) => sum + replica.prefix_hit_tokens, 0);
    const queries = arm.replicas.reduce((sum, replica) => sum + replica.prefix_query_tokens, 0);
    console.log(
      `${arm.policy.padEnd(17)} TTFT p50 ${arm.ttft_ms_p50.toFixed(1)} ms, p95 ${arm.ttft_ms_p95.toFixed(1)} ms, ${arm.requests_per_second.toFixed(2)} req/s, prefix hits ${queries === 0 ? 'n/a' : `${((hits / queries) * 100).toFixed(1)}%`}, shares ${arm.replicas.map((replica) => replica.share.toFixed(2)).join('/')}`,
    );
  }
}
