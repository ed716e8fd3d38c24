// The semantic signal against a real simulator on loopback (feature-hashed bag-of-words embeddings,
// no latency model: the figures are the router's own cost — HTTP, JSON, cosine — not a GPU's).
// Each prompt's margin (best cosine to the hard bank − to the easy bank) is read through the same
// path a request takes (ModelOrchestrator.readSemantic → local embeddings role), at weight 1, so
// any weight's extra log-odds is weight × margin.
import { performance } from 'node:perf_hooks';
import { StrategyConfig } from '@biopipe/core';
import { ModelOrchestrator } from '@biopipe/router';
import { startVllmSim } from '@biopipe/vllm-sim';

const percentiles = (values) => {
  const sorted = [...values].sort((left, right) => left - right);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50_ms: at(0.5), p99_ms: at(0.99), samples: sorted.length };
};

function profileOn(url) {
  const endpoint = `{ urls: ["${url}"], served_model_name: bge-m3 }`;
  return StrategyConfig.fromString(
    `profile_name: semantic_bench
allow_cloud: false
vllm_endpoints: { generalist: ${endpoint}, strong: ${endpoint}, embeddings: ${endpoint} }
task_routing: { "*": generalist, embeddings: embeddings }
complexity_routing:
  semantic: { weight: 1, timeout_ms: 10000 }
  tasks: { orchestration: { weak: generalist, strong: strong, threshold: 0.5 } }
`,
    'semantic bench profile',
  );
}

const create = (config) => ModelOrchestrator.create({ strategy: config, env: {}, fleet: null });
const messagesOf = (text) => [{ role: 'user', content: text }];

async function timeRead(orchestrator, text) {
  const started = performance.now();
  const reading = await orchestrator.readSemantic('orchestration', messagesOf(text));
  const elapsed = performance.now() - started;
  if (reading?.status !== 'used') throw new Error(`semantic signal unavailable: ${reading?.reason ?? 'off'}`);
  return { elapsed, margin: reading.logit };
}

/** Margins of `texts`, and the added latency per request: cold process, warm banks (new prompt), cached prompt. */
export async function measureSemantic(texts, { coldRuns = 15 } = {}) {
  const sim = await startVllmSim({ servedModelName: 'bge-m3', port: 0, embeddingDimensions: 1024 });
  try {
    const config = profileOn(sim.url);
    const cold = [];
    for (let run = 0; run < coldRuns; run += 1)
      cold.push((await timeRead(await create(config), `${texts[run % texts.length]} (run ${run})`)).elapsed);
    const warm = await create(config);
    await timeRead(warm, 'warm-up');
    const margins = new Map();
    const newPrompt = [];
    const cached = [];
    for (const text of texts) {
      const read = await timeRead(warm, text);
      margins.set(text, read.margin);
      newPrompt.push(read.elapsed);
    }
    for (let round = 0; round < 3; round += 1)
      for (const text of texts) cached.push((await timeRead(warm, text)).elapsed);
    return {
      margins,
      latency: {
        cold_process_banks_and_prompt: percentiles(cold),
        warm_banks_new_prompt: percentiles(newPrompt),
        warm_cached_prompt: percentiles(cached),
      },
    };
  } finally {
    await sim.stop();
  }
}
