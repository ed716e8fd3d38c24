#!/usr/bin/env node
// Does `biopipe serve` give memory back after bursts of streams? ROUNDS rounds of STREAMS concurrent
// streaming requests (each on its own connection, as many clients would), with a pause after each round;
// the resident set (RSS) and V8's heap in use are read after every pause. The same rounds go to the
// minimal node:http proxy in the same run, as the baseline of what any node:http process keeps.
// Target: gateway RSS after the last round within 30 MB of after the first. Loopback only; a watchdog
// bounds the run. Run: npm run bench:gateway-memory (after `npx nx run cli:build`). Knobs (environment):
// ROUNDS, STREAMS, SETTLE_MS, TOKENS, WATCHDOG_MS, MALLOC_ARENA_MAX (passed to both processes).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { armWatchdog, createProcessSet, progress, rssMb } from './bench-processes.mjs';
import { buildRequest, openConnection } from './load-client.mjs';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const STREAMS = Number(process.env.STREAMS ?? 1000);
const SETTLE_MS = Number(process.env.SETTLE_MS ?? 5000);
const TOKENS = Number(process.env.TOKENS ?? 32);
const WATCHDOG_MS = Number(process.env.WATCHDOG_MS ?? 600_000);
const TARGET_MB = 30;
const MODEL = 'qwen2.5-7b-instruct';
const here = import.meta.dirname;
const main = path.resolve(here, '../../../apps/cli/dist/main.js');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const home = mkdtempSync(path.join(os.tmpdir(), 'biopipe-bench-memory-'));
const { processes, start, stopAll } = createProcessSet();
start('sim', [path.join(here, 'sim-process.mjs'), MODEL]);
const watchdog = armWatchdog(WATCHDOG_MS, stopAll, () => rmSync(home, { recursive: true, force: true }));

/** One round: STREAMS streams at once, each on a fresh connection closed after its answer; returns how many failed. */
async function round(target, bytes) {
  const answers = await Promise.all(
    Array.from({ length: STREAMS }, async () => {
      try {
        const connection = await openConnection({ ...target, timeoutMs: 60_000 });
        try {
          return await connection.send(bytes);
        } finally {
          connection.close();
        }
      } catch (error) {
        return { status: -1, body: error.message };
      }
    }),
  );
  return answers.filter((answer) => answer.status !== 200 || !answer.body.includes('[DONE]')).length;
}

/** V8's heap in use, from the gateway's own /metrics (prom-client's process metrics). */
async function heapUsedMb(url) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const match = /^nodejs_heap_size_used_bytes (\S+)/m.exec(text);
  return match === null ? NaN : Number(match[1]) / 1024 / 1024;
}

try {
  const simUrl = new URL(await processes.sim.url);
  start('proxy', [path.join(here, 'minimal-proxy.mjs'), simUrl.origin]);
  mkdirSync(path.join(home, 'strategies'));
  writeFileSync(
    path.join(home, 'strategies', 'bench_memory.yaml'),
    `profile_name: bench_memory\nallow_cloud: false\nvllm_endpoints:\n  generalist: { urls: ["${simUrl.origin}"], served_model_name: ${MODEL} }\ntask_routing: { "*": generalist }\n` +
      // A thousand connects at once on a loaded machine: deadlines wide enough that no stream fails over.
      'timeouts: { connect_ms: 30000, first_token_ms: 60000, idle_ms: 30000, total_ms: 120000 }\n' +
      'circuit_breaker: { failure_threshold: 1000, cooldown_ms: 1000 }\n',
  );
  start('gateway', [main, '--config-dir', home, '--strategy', 'bench_memory', 'serve', '--port', '0'], {
    env: {
      PATH: process.env.PATH,
      HOME: home,
      BIOPIPELINES_STATE_DIR: home,
      BIOPIPELINES_METRICS_PATH: path.join(home, 'routing_metrics.jsonl'),
      // glibc's arena count, to try the allocator's share (the proxy inherits it from this process's environment).
      ...(process.env.MALLOC_ARENA_MAX === undefined ? {} : { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX }),
    },
  });
  const gatewayUrl = await processes.gateway.url;
  const proxyUrl = await processes.proxy.url;
  const target = (url, model) => ({ host: '127.0.0.1', port: Number(new URL(url).port), model });
  const paths = { gateway: target(gatewayUrl, 'biopipe:documentation'), proxy: target(proxyUrl, MODEL) };
  const bytes = Object.fromEntries(
    Object.entries(paths).map(([name, { host, port, model }]) => [
      name,
      buildRequest({
        host,
        port,
        path: '/v1/chat/completions',
        body: {
          model,
          messages: [{ role: 'user', content: 'Summarise what a variant caller does.' }],
          max_tokens: TOKENS,
          stream: true,
        },
      }),
    ]),
  );
  const pids = { gateway: processes.gateway.child.pid, proxy: processes.proxy.child.pid };
  const rows = { gateway: [], proxy: [] };
  const idle = { gateway: rssMb(pids.gateway), proxy: rssMb(pids.proxy) };
  for (let index = 1; index <= ROUNDS; index++) {
    for (const name of ['gateway', 'proxy']) {
      const started = performance.now();
      const failed = await round(paths[name], bytes[name]);
      const seconds = (performance.now() - started) / 1000;
      await sleep(SETTLE_MS);
      const heap = name === 'gateway' ? await heapUsedMb(gatewayUrl) : NaN;
      rows[name].push({ round: index, seconds, rss: rssMb(pids[name]), heap, failed });
      progress(`${name} round ${index}: ${seconds.toFixed(1)} s, RSS ${rssMb(pids[name]).toFixed(1)} MB`);
    }
  }
  const growth = (name) => rows[name].at(-1).rss - rows[name][0].rss;
  const lines = [
    `memory over ${ROUNDS} rounds of ${STREAMS} concurrent streams (${TOKENS} tokens each), RSS read ${SETTLE_MS} ms after each round`,
    `idle RSS: gateway ${idle.gateway.toFixed(1)} MB, proxy ${idle.proxy.toFixed(1)} MB`,
    '| round | gateway RSS (MB) | gateway heap used (MB) | proxy RSS (MB) | gateway s | proxy s | failed (gateway/proxy) |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.gateway.map(
      (row, index) =>
        `| ${row.round} | ${row.rss.toFixed(1)} | ${row.heap.toFixed(1)} | ${rows.proxy[index].rss.toFixed(1)} | ${row.seconds.toFixed(1)} | ${rows.proxy[index].seconds.toFixed(1)} | ${row.failed}/${rows.proxy[index].failed} |`,
    ),
    `gateway RSS growth, round ${ROUNDS} - round 1: ${growth('gateway').toFixed(1)} MB (target <= ${TARGET_MB} MB: ${growth('gateway') <= TARGET_MB ? 'met' : 'NOT met'}); proxy baseline: ${growth('proxy').toFixed(1)} MB`,
    `load average at the end: ${os
      .loadavg()
      .map((value) => value.toFixed(1))
      .join(' ')}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const gatewayFailed = rows.gateway.reduce((sum, row) => sum + row.failed, 0);
  process.exitCode = growth('gateway') <= TARGET_MB && gatewayFailed === 0 ? 0 : 1;
} finally {
  clearTimeout(watchdog);
  stopAll();
  rmSync(home, { recursive: true, force: true });
}
