#!/usr/bin/env node
// Detects 100 endpoints — a third healthy simulators, a third refusing ports, a third hanging
// simulators — with the ResourceDetector (concurrent, one deadline each) and, in the same run, with
// the seed's approach (the same check, one endpoint after another). Target: concurrent wall time
// within timeout + 100 ms. Run: npm run bench:detector (builds detector and vllm-sim first).
//   ENDPOINTS=100 ROUNDS=5 TIMEOUT_MS=2000 SEQUENTIAL_TIMEOUT_MS=500
import net from 'node:net';
import { Worker } from 'node:worker_threads';
import { ResourceDetector, checkEndpoint } from '@biopipe/detector';

const total = Number(process.env.ENDPOINTS ?? 100);
const rounds = Number(process.env.ROUNDS ?? 5);
const timeoutMs = Number(process.env.TIMEOUT_MS ?? 2000);
const sequentialTimeoutMs = Number(process.env.SEQUENTIAL_TIMEOUT_MS ?? 500);
const hanging = Math.floor(total / 3);
const refusing = Math.floor(total / 3);
const healthy = total - hanging - refusing;
const expectedModel = 'qwen2.5-7b-instruct';

/** A port with nothing listening: bound, then closed. */
async function refusingUrl() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

const worker = new Worker(new URL('./fleet-worker.mjs', import.meta.url), { workerData: { healthy, hanging } });
const fleet = await new Promise((resolve, reject) => worker.once('message', resolve).once('error', reject));
const refused = [];
for (let index = 0; index < refusing; index += 1) refused.push(await refusingUrl());
const urls = [...fleet.healthy, ...refused, ...fleet.hanging];
const endpoints = urls.map((url, index) => ({ role: `role-${index % 4}`, url, expectedModel }));

const tally = (states) =>
  Object.entries(states.reduce((counts, state) => ({ ...counts, [state]: (counts[state] ?? 0) + 1 }), {}))
    .map(([state, count]) => `${count} ${state}`)
    .join(', ');
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function concurrent(deadline) {
  const times = [];
  let states = [];
  for (let round = 0; round < rounds; round += 1) {
    const detector = new ResourceDetector({ endpoints, timeoutMs: deadline, slurm: false });
    const started = performance.now();
    const status = await detector.detect();
    times.push(performance.now() - started);
    states = status.vllm_endpoints.map((endpoint) => endpoint.state);
  }
  return { times, states };
}

async function sequential(deadline) {
  const started = performance.now();
  const states = [];
  for (const endpoint of endpoints)
    states.push((await checkEndpoint({ url: endpoint.url, expectedModel, timeoutMs: deadline })).state);
  return { time: performance.now() - started, states };
}

const report = [];
let overTarget = false;
console.log(
  `${total} endpoints: ${healthy} healthy simulators, ${refusing} refusing ports, ${hanging} hanging simulators; Node ${process.version}`,
);
for (const deadline of [...new Set([timeoutMs, sequentialTimeoutMs])]) {
  const run = await concurrent(deadline);
  const target = deadline + 100;
  const middle = median(run.times);
  overTarget ||= middle > target;
  report.push(
    `concurrent, timeout ${deadline} ms: median ${middle.toFixed(0)} ms, min ${Math.min(...run.times).toFixed(0)}, max ${Math.max(...run.times).toFixed(0)} over ${rounds} rounds ` +
      `(target <= ${target} ms: ${middle <= target ? 'met' : 'MISSED'}); states: ${tally(run.states)}`,
  );
  console.log(report.at(-1));
}
const seq = await sequential(sequentialTimeoutMs);
report.push(
  `sequential (one after another), timeout ${sequentialTimeoutMs} ms: ${seq.time.toFixed(0)} ms; states: ${tally(seq.states)}; ` +
    `it grows as hanging x timeout: ${hanging} x ${timeoutMs} ms = ${((hanging * timeoutMs) / 1000).toFixed(0)} s at the default timeout`,
);
console.log(report.at(-1));

worker.postMessage('stop');
await new Promise((resolve) => worker.once('message', resolve));
await worker.terminate();
process.exitCode = overTarget ? 1 : 0;
