#!/usr/bin/env node
// Added latency of ModelOrchestrator over calling the simulator directly with the same client (the
// router's OpenAiCompatibleProvider on the same keep-alive agent), zero simulated latency, one request
// at a time, both measured in the same run in alternating batches; then heap and RSS over
// REQUESTS routed requests. Targets: p50 added < 0.2 ms, p99 added < 1 ms; memory flat.
//   ROUNDS=20 BATCH=1000 REQUESTS=100000 (run with --expose-gc for stable heap samples)
import { StrategyConfig } from '@biopipe/core';
import { ModelOrchestrator, OpenAiCompatibleProvider } from '@biopipe/router';
import { mib, ms, percentile, profileYaml, startSimWorker } from './bench-support.mjs';

const rounds = Number(process.env.ROUNDS ?? 20);
const batch = Number(process.env.BATCH ?? 1000);
const total = Number(process.env.REQUESTS ?? 100_000);
const messages = [{ role: 'user', content: 'Write a Snakemake rule that runs FastQC on every FASTQ file.' }];

const sims = startSimWorker();
try {
  const { url } = await sims.start();
  const direct = new OpenAiCompatibleProvider({ kind: 'vllm', baseUrl: url, model: 'qwen-bench' });
  let routedCount = 0;
  const sink = { record: () => void routedCount++, flush: async () => {}, close: async () => {} };
  const orchestrator = await ModelOrchestrator.create({
    strategy: StrategyConfig.fromString(profileYaml('bench', [url])),
    env: {},
    fleet: null,
    metricsSink: sink,
  });
  const limits = { connectMs: 2000, firstTokenMs: 30_000, idleMs: 15_000 };
  const signal = new AbortController().signal;
  const callDirect = () => direct.chat({ messages, maxTokens: 8 }, { signal, limits, requestId: 'bench' });
  const callRouted = () => orchestrator.generate({ task_type: 'documentation', messages, max_tokens: 8 });

  const timeBatch = async (call, into) => {
    for (let index = 0; index < batch; index++) {
      const started = performance.now();
      await call();
      into.push(performance.now() - started);
    }
  };
  const warm = [];
  await timeBatch(callDirect, warm);
  await timeBatch(callRouted, warm);

  const directTimes = [];
  const routedTimes = [];
  const time = async (call, into) => {
    const started = performance.now();
    await call();
    into.push(performance.now() - started);
  };
  for (let round = 0; round < rounds; round++) {
    // Requests alternate one by one (and which goes first alternates by round), so load on the
    // machine and garbage collection hit both sides alike.
    for (let index = 0; index < batch; index++) {
      if ((round + index) % 2 === 0) {
        await time(callDirect, directTimes);
        await time(callRouted, routedTimes);
      } else {
        await time(callRouted, routedTimes);
        await time(callDirect, directTimes);
      }
    }
  }
  const row = (name, times) =>
    `${name.padEnd(22)} p50 ${ms(percentile(times, 50))}  p99 ${ms(percentile(times, 99))}  mean ${ms(times.reduce((sum, value) => sum + value, 0) / times.length)}`;
  console.log(
    `Added latency: ${rounds * batch} sequential chat requests each way, alternating one by one, zero simulated latency`,
  );
  console.log(row('direct (baseline)', directTimes));
  console.log(row('ModelOrchestrator', routedTimes));
  const added50 = percentile(routedTimes, 50) - percentile(directTimes, 50);
  const added99 = percentile(routedTimes, 99) - percentile(directTimes, 99);
  console.log(`added                  p50 ${ms(added50)} (target < 0.2 ms)  p99 ${ms(added99)} (target < 1 ms)`);

  const sample = () => {
    globalThis.gc?.();
    const usage = process.memoryUsage();
    return { heap: usage.heapUsed, rss: usage.rss };
  };
  const samples = [];
  samples.push({ at: 0, ...sample() });
  const started = performance.now();
  for (let index = 1; index <= total; index++) {
    await callRouted();
    if (index === total / 2 || index === total) samples.push({ at: index, ...sample() });
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `\nMemory over ${total} routed requests (${(total / seconds).toFixed(0)} req/s; gc before each sample: ${globalThis.gc === undefined ? 'no' : 'yes'}; RSS includes the simulator thread)`,
  );
  for (const entry of samples)
    console.log(`  after ${String(entry.at).padStart(6)} requests: heap ${mib(entry.heap)}  RSS ${mib(entry.rss)}`);
  const growth = samples.at(-1).heap - samples[1].heap;
  console.log(
    `  heap change from the middle to the end: ${(growth / 1024).toFixed(0)} KiB; metrics records: ${routedCount}`,
  );
  console.log(
    JSON.stringify({
      benchmark: 'router-overhead',
      direct_p50_ms: percentile(directTimes, 50),
      direct_p99_ms: percentile(directTimes, 99),
      routed_p50_ms: percentile(routedTimes, 50),
      routed_p99_ms: percentile(routedTimes, 99),
      added_p50_ms: added50,
      added_p99_ms: added99,
      memory: samples,
    }),
  );
} finally {
  await sims.stop();
}
