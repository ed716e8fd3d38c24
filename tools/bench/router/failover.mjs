#!/usr/bin/env node
// Time to first token through the router when the first replica refuses connections, and when it
// hangs, against the healthy replica's own (a profile listing only it), measured in the same run.
// Targets: refused within 5 ms of the healthy replica's TTFT; hang: first request within
// first_token_ms + 50 ms, and no added delay once the hung replica's circuit is open.
//   SAMPLES=200 FIRST_TOKEN_MS=500
import { StrategyConfig } from '@biopipe/core';
import { ModelOrchestrator } from '@biopipe/router';
import { ms, percentile, profileYaml, refusingUrl, startSimWorker } from './bench-support.mjs';

const samples = Number(process.env.SAMPLES ?? 200);
const firstTokenMs = Number(process.env.FIRST_TOKEN_MS ?? 500);
const timeouts = `timeouts: { first_token_ms: ${firstTokenMs} }`;
const request = { task_type: 'documentation', prompt: 'Explain the columns of a VCF file.', max_tokens: 16 };

async function timeToFirstToken(orchestrator) {
  const started = performance.now();
  let ttft;
  let endpoint;
  for await (const part of orchestrator.stream(request)) {
    if (part.type === 'stream-start') endpoint = part.endpoint;
    if (part.type === 'text-delta' && ttft === undefined) ttft = performance.now() - started;
    if (part.type === 'error') throw part.error;
  }
  return { ttft, endpoint };
}

const create = (name, urls, extra = timeouts) =>
  ModelOrchestrator.create({
    strategy: StrategyConfig.fromString(profileYaml(name, urls, extra)),
    env: {},
    fleet: null,
  });
const summary = (times) => `p50 ${ms(percentile(times, 50))}  p99 ${ms(percentile(times, 99))}`;

const sims = startSimWorker();
try {
  const healthy = (await sims.start()).url;
  const hung = await sims.start();
  await sims.setFaults(hung.index, { hang: {} });
  const refused = await refusingUrl();
  const baseline = await create('healthy_only', [healthy]);
  await timeToFirstToken(baseline);

  // Refused: a fresh orchestrator per request, so every request meets the refusing replica first.
  const refusedTimes = [];
  const baselineTimes = [];
  for (let index = 0; index < samples; index++) {
    const orchestrator = await create('refused_first', [refused, healthy]);
    const { ttft, endpoint } = await timeToFirstToken(orchestrator);
    if (endpoint !== healthy) throw new Error(`served by ${endpoint}`);
    refusedTimes.push(ttft);
    baselineTimes.push((await timeToFirstToken(baseline)).ttft);
  }
  const refusedAdded = percentile(refusedTimes, 50) - percentile(baselineTimes, 50);
  console.log(`First replica refuses connections (${samples} requests, each with fresh circuit state):`);
  console.log(`  healthy replica alone (baseline)  ${summary(baselineTimes)}`);
  console.log(`  refused, then healthy             ${summary(refusedTimes)}`);
  console.log(
    `  added at p50 ${ms(refusedAdded)}, at p99 ${ms(percentile(refusedTimes, 99) - percentile(baselineTimes, 99))} (target within 5 ms)`,
  );

  // Hang: one orchestrator, so the hung replica's circuit opens after failure_threshold timeouts.
  const orchestrator = await create('hung_first', [hung.url, healthy]);
  const hangTimes = [];
  const hangBaseline = [];
  for (let index = 0; index < samples + 3; index++) {
    hangTimes.push((await timeToFirstToken(orchestrator)).ttft);
    hangBaseline.push((await timeToFirstToken(baseline)).ttft);
  }
  const paid = hangTimes.filter((time) => time >= firstTokenMs).length;
  const afterOpen = hangTimes.slice(paid);
  const afterOpenBaseline = hangBaseline.slice(paid);
  console.log(
    `\nFirst replica hangs (first_token_ms ${firstTokenMs}, failure_threshold 3, ${samples + 3} sequential requests):`,
  );
  console.log(
    `  first request TTFT ${ms(hangTimes[0])} = first_token_ms + ${ms(hangTimes[0] - firstTokenMs)} (target: + at most 50 ms; healthy alone p50 ${ms(percentile(hangBaseline, 50))})`,
  );
  console.log(
    `  requests that waited for the timeout before the circuit opened: ${paid} (${hangTimes
      .slice(0, paid)
      .map((time) => time.toFixed(1))
      .join(', ')} ms)`,
  );
  console.log(
    `  after the circuit opened: ${summary(afterOpen)}  vs healthy alone ${summary(afterOpenBaseline)}  (added at p50 ${ms(percentile(afterOpen, 50) - percentile(afterOpenBaseline, 50))})`,
  );
  console.log(
    JSON.stringify({
      benchmark: 'router-failover',
      refused_p50_ms: percentile(refusedTimes, 50),
      refused_baseline_p50_ms: percentile(baselineTimes, 50),
      refused_added_p50_ms: refusedAdded,
      hang_first_ms: hangTimes[0],
      hang_timeouts_paid: paid,
      hang_after_open_p50_ms: percentile(afterOpen, 50),
      hang_after_open_baseline_p50_ms: percentile(afterOpenBaseline, 50),
    }),
  );
} finally {
  await sims.stop();
}
