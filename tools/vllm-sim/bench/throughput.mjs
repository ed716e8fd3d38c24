#!/usr/bin/env node
// Throughput of one simulated vLLM server: non-streaming chat completions with zero latency, from a
// bounded keep-alive load generator on loopback. The baseline, measured in the same run with the same
// generator, is a bare node:http server answering a canned completion of the same size: the ceiling
// this machine and generator allow. Fails (exit 1) below the target.
//   node tools/vllm-sim/bench/throughput.mjs [--connections 20] [--seconds 5] [--target 2000]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '5' },
    target: { type: 'string', default: '2000' },
  },
});
const connections = Math.min(Math.max(Number(values.connections), 1), 200);
const seconds = Math.min(Math.max(Number(values.seconds), 1), 30);
const target = Number(values.target);
const here = import.meta.dirname;

const body = JSON.stringify({
  model: 'bench',
  messages: [{ role: 'user', content: 'Summarise the QC report of sample 12 in one line.' }],
  max_tokens: 16,
});

/** Starts a server process and resolves its base URL from the line it prints. */
function startServer(args, pattern) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = pattern.exec(output);
      if (match) resolve({ url: match[1], child });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before it was ready:\n${output}`)));
  });
}

/** CPU time (user + system) a process has used, in ms, from /proc; undefined where there is no /proc. */
function cpuMilliseconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 10 ms
  } catch {
    return undefined;
  }
}

function stopServer(child) {
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

/** Keeps `connections` requests in flight for `durationMs`; returns completed requests and latencies. */
async function generateLoad(url, durationMs) {
  const target = new URL('/v1/chat/completions', url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies = [];
  let failures = 0;
  const deadline = performance.now() + durationMs;
  const once = () =>
    new Promise((resolve) => {
      const started = performance.now();
      const request = http.request(
        target,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            if (response.statusCode === 200) latencies.push(performance.now() - started);
            else failures += 1;
            resolve();
          });
        },
      );
      request.on('error', () => {
        failures += 1;
        resolve();
      });
      request.end(body);
    });
  const worker = async () => {
    while (performance.now() < deadline) await once();
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (share) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * share))] ?? Number.NaN;
  return { rate: latencies.length / elapsed, completed: latencies.length, failures, p50: at(0.5), p99: at(0.99) };
}

async function measure(name, args, pattern) {
  const { url, child } = await startServer(args, pattern);
  try {
    await generateLoad(url, 1000); // warm-up: JIT, connection setup
    const cpuBefore = cpuMilliseconds(child.pid);
    const result = await generateLoad(url, seconds * 1000);
    const cpuAfter = cpuMilliseconds(child.pid);
    // Server CPU per request hardly depends on what else runs on the machine, unlike req/s.
    const cpuPerRequest =
      cpuBefore === undefined || cpuAfter === undefined
        ? undefined
        : ((cpuAfter - cpuBefore) * 1000) / Math.max(result.completed, 1);
    const cpuText =
      cpuPerRequest === undefined
        ? 'server CPU n/a'
        : `server CPU ${cpuPerRequest.toFixed(0)} µs/request (~${(1e6 / cpuPerRequest).toFixed(0)} req/s per core)`;
    console.log(
      `${name.padEnd(26)} ${result.rate.toFixed(0).padStart(7)} req/s  p50 ${result.p50.toFixed(2)} ms  p99 ${result.p99.toFixed(2)} ms  (${result.completed} ok, ${result.failures} failed)  ${cpuText}`,
    );
    return result;
  } finally {
    await stopServer(child);
  }
}

console.log(
  `Loopback load: ${connections} keep-alive connections, ${seconds} s per server after a 1 s warm-up, non-streaming chat, max_tokens 16.`,
);
const baseline = await measure(
  'baseline (bare node:http)',
  [path.join(here, 'baseline-server.mjs')],
  /listening on (http:\S+)/,
);
const sim = await measure(
  'vllm-sim, zero latency',
  [path.join(here, '../dist/cli/sim-main.js'), '--served-model-name', 'bench', '--mode', 'lorem'],
  /Uvicorn running on (http:\S+)/,
);
console.log(
  `vllm-sim reaches ${((sim.rate / baseline.rate) * 100).toFixed(0)}% of the baseline; target ${target} req/s: ${sim.rate >= target && sim.failures === 0 ? 'PASS' : 'FAIL'}`,
);
process.exitCode = sim.rate >= target && sim.failures === 0 ? 0 : 1;
