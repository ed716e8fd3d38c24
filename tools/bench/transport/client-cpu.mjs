#!/usr/bin/env node
// CPU per request of the HTTP client alone: the router's lean HTTP/1.1 client against node's
// http.request with a keep-alive Agent (the baseline of its "about half the CPU" claim), undici's
// Pool/request and undici's Pool/dispatch, all behind the same interface, POSTing to a bare server in another process. Rounds
// take turns between the clients so machine load hits them alike; the median round is reported.
// Run: npm run bench:client-cpu (after `npx nx run router:build`). Knobs: REQUESTS (per round and
// client), ROUNDS, CONCURRENCY.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { Cancellation } from '@biopipe/router';
import { Http1Client as LeanClient } from '../../../packages/router/dist/providers/http1-client.js';
import { Http1Client as NodeHttpClient } from '../gateway/transports/node-http-client.mjs';
import { Http1Client as UndiciClient } from '../gateway/transports/undici-client.mjs';
import { Http1Client as UndiciDispatchClient } from '../gateway/transports/undici-dispatch-client.mjs';

const REQUESTS = Number(process.env.REQUESTS ?? 5000);
const ROUNDS = Number(process.env.ROUNDS ?? 7);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);

const server = spawn(process.execPath, [path.join(import.meta.dirname, 'answer-server.mjs')], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = new URL(
  await new Promise((resolve, reject) => {
    server.stdout.once('data', (chunk) => resolve(String(chunk).trim()));
    server.once('exit', (code) => reject(new Error(`the answer server exited ${code}`)));
  }),
);
const body = JSON.stringify({
  model: 'qwen2.5-7b-instruct',
  messages: [{ role: 'user', content: 'Summarise what a variant caller does in one sentence.' }],
  max_tokens: 16,
});
const options = () => ({
  host: url.hostname,
  port: Number(url.port),
  method: 'POST',
  path: '/v1/chat/completions',
  headers: { 'content-type': 'application/json' },
  body,
  signal: new Cancellation(),
  connectTimeoutMs: 2000,
});

/** One request, its body read whole, as the router's providers do. */
async function call(client) {
  const response = await client.request(options());
  await new Promise((resolve, reject) => {
    let size = 0;
    response.read({
      data: (chunk) => (size += chunk.length),
      end: (error) => (error === undefined ? resolve(size) : reject(error)),
    });
  });
  if (response.status !== 200) throw new Error(`status ${response.status}`);
}

/** CPU (user + system) and wall time per request, in microseconds, for `count` requests. */
async function round(client, count) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < count) await call(client);
    }),
  );
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / count, wall: ((performance.now() - started) * 1000) / count };
}

const clients = {
  lean: new LeanClient(),
  'node-http': new NodeHttpClient(),
  undici: new UndiciClient(),
  'undici-dispatch': new UndiciDispatchClient(),
};
const results = Object.fromEntries(Object.keys(clients).map((name) => [name, []]));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
try {
  for (const client of Object.values(clients)) await round(client, Math.min(REQUESTS, 2000)); // warm-up
  const loadBefore = os.loadavg();
  for (let index = 0; index < ROUNDS; index++)
    for (const [name, client] of Object.entries(clients)) results[name].push(await round(client, REQUESTS));
  const loadAfter = os.loadavg();
  const lean = median(results.lean.map((result) => result.cpu));
  console.log(
    [
      `HTTP client CPU per request: ${REQUESTS} POSTs per round and client, ${CONCURRENCY} at a time, ${ROUNDS} rounds taking turns (median round); ${os.cpus().length} CPUs; Node ${process.version}`,
      `load average before ${loadBefore.map((value) => value.toFixed(2)).join(' ')}, after ${loadAfter.map((value) => value.toFixed(2)).join(' ')}`,
      ...Object.keys(clients).map((name) => {
        const cpu = median(results[name].map((result) => result.cpu));
        const wall = median(results[name].map((result) => result.wall));
        return `${name.padEnd(16)} CPU ${cpu.toFixed(1).padStart(6)} us/request (${(cpu / lean).toFixed(2)}x lean)   wall ${wall.toFixed(1).padStart(6)} us/request`;
      }),
    ].join('\n'),
  );
} finally {
  for (const client of Object.values(clients)) client.close();
  server.kill('SIGTERM');
}
