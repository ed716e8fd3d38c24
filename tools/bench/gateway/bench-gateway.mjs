#!/usr/bin/env node
// What `biopipe serve` adds on top of calling the simulator directly, measured in one run with the
// same lean client on every path, interleaved so that machine load hits them alike: sequential latency
// (non-streaming), time to the first streamed token, latency at a fixed 500 requests/s, throughput at
// 50 connections, and the gateway's RSS. A third path, a minimal node:http pass-through proxy, shows the
// floor any node:http gateway pays for its extra hop on this machine. Simulator, proxy, gateway and this
// client are separate processes sharing the machine. Loopback only; a watchdog bounds the run.
// Run: npm run bench:gateway (after `npx nx run cli:build`). Knobs (environment): SEQUENTIAL, STREAMS,
// RATE_SECONDS, THROUGHPUT_SECONDS, CONNECTIONS, WATCHDOG_MS, and GATEWAY_TRANSPORTS: a comma-separated
// list of the upstream transports to run a gateway on, side by side (`lean`, the router's own client, is
// the default; `undici` (Pool#request), `undici-dispatch` (Pool#dispatch), `node-http` and
// `module:PATH`, a built http1-client.js of another commit, swap it in through
// transports/select-transport.mjs). `npm run bench:transport` runs lean and both undici ones.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { armWatchdog, createProcessSet, progress, rssMb } from './bench-processes.mjs';
import { buildRequest, openConnection } from './load-client.mjs';

const SEQUENTIAL = Number(process.env.SEQUENTIAL ?? 3000);
const STREAMS = Number(process.env.STREAMS ?? 1000);
const RATE = 500;
const RATE_SECONDS = Number(process.env.RATE_SECONDS ?? 4);
const THROUGHPUT_SECONDS = Number(process.env.THROUGHPUT_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);
const WATCHDOG_MS = Number(process.env.WATCHDOG_MS ?? 300_000);
const MODEL = 'qwen2.5-7b-instruct';
const TRANSPORTS = (process.env.GATEWAY_TRANSPORTS ?? 'lean').split(',').map((name) => name.trim());
for (const transport of TRANSPORTS)
  if (!['lean', 'undici', 'undici-dispatch', 'node-http'].includes(transport) && !transport.startsWith('module:'))
    throw new Error(
      `GATEWAY_TRANSPORTS: unknown transport ${transport}; expected lean, undici, undici-dispatch, node-http or module:PATH`,
    );
// A `module:PATH` transport (a built http1-client.js of another commit) shows as `other`.
const labelOf = (transport, index) => (transport.startsWith('module:') ? `other${index}` : transport);
const GATEWAYS = TRANSPORTS.map((transport, index) =>
  transport === 'lean' ? 'gateway' : `gateway-${labelOf(transport, index)}`,
);
const PATHS = ['direct', 'proxy', ...GATEWAYS];
const here = import.meta.dirname;
const main = path.resolve(here, '../../../apps/cli/dist/main.js');

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
// utime + stime of a process in milliseconds (clock ticks of 10 ms), and its resident set in MB.
const cpuMs = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
const home = mkdtempSync(path.join(os.tmpdir(), 'biopipe-bench-gateway-'));
const { processes, start, stopAll } = createProcessSet();
start('sim', [path.join(here, 'sim-process.mjs'), MODEL]);
const watchdog = armWatchdog(WATCHDOG_MS, stopAll, () => rmSync(home, { recursive: true, force: true }));

try {
  const simUrl = new URL(await processes.sim.url);
  start('proxy', [path.join(here, 'minimal-proxy.mjs'), simUrl.origin]);
  mkdirSync(path.join(home, 'strategies'));
  writeFileSync(
    path.join(home, 'strategies', 'bench_gateway.yaml'),
    `profile_name: bench_gateway\nallow_cloud: false\nvllm_endpoints:\n  generalist: { urls: ["${simUrl.origin}"], served_model_name: ${MODEL} }\ntask_routing: { "*": generalist }\n`,
  );
  TRANSPORTS.forEach((transport, index) => {
    const gateway = GATEWAYS[index];
    const state = path.join(home, gateway);
    mkdirSync(state);
    const select = transport === 'lean' ? [] : ['--import', path.join(here, 'transports', 'select-transport.mjs')];
    start(gateway, [...select, main, '--config-dir', home, '--strategy', 'bench_gateway', 'serve', '--port', '0'], {
      env: {
        PATH: process.env.PATH,
        HOME: home,
        BIOPIPELINES_STATE_DIR: state,
        BIOPIPELINES_METRICS_PATH: path.join(state, 'routing_metrics.jsonl'),
        ...(transport === 'lean' ? {} : { BENCH_TRANSPORT: transport }),
      },
    });
  });
  const endpoint = async (started, model) => {
    const url = new URL(await started.url);
    return { host: url.hostname, port: Number(url.port), model };
  };
  const targets = {
    direct: await endpoint(processes.sim, MODEL),
    proxy: await endpoint(processes.proxy, MODEL),
  };
  for (const gateway of GATEWAYS) targets[gateway] = await endpoint(processes[gateway], 'biopipe:documentation');
  const pids = Object.fromEntries(GATEWAYS.map((gateway) => [gateway, processes[gateway].child.pid]));
  const request = (target, stream) =>
    buildRequest({
      ...target,
      path: '/v1/chat/completions',
      body: {
        model: target.model,
        messages: [{ role: 'user', content: 'Summarise what a variant caller does in one sentence.' }],
        max_tokens: 16,
        ...(stream ? { stream: true } : {}),
      },
    });
  const bytes = Object.fromEntries(
    PATHS.map((name) => [name, { plain: request(targets[name], false), stream: request(targets[name], true) }]),
  );
  const check = (answer, label) => {
    if (answer.status !== 200) throw new Error(`${label}: status ${answer.status}: ${answer.body.slice(0, 300)}`);
    return answer;
  };
  const rssIdle = Object.fromEntries(GATEWAYS.map((gateway) => [gateway, rssMb(pids[gateway])]));
  const rssPeak = { ...rssIdle };
  const rssTimer = setInterval(() => {
    for (const gateway of GATEWAYS) rssPeak[gateway] = Math.max(rssPeak[gateway], rssMb(pids[gateway]));
  }, 50);
  const loadBefore = os.loadavg();

  // 1. Sequential: one keep-alive connection per path; the paths take turns, request by request.
  const sequential = async (kind, count, measure) => {
    const connections = Object.fromEntries(
      await Promise.all(PATHS.map(async (name) => [name, await openConnection(targets[name])])),
    );
    const samples = Object.fromEntries(PATHS.map((name) => [name, []]));
    const warmup = Math.min(300, Math.floor(count / 5));
    for (let index = 0; index < count + warmup; index++) {
      for (let turn = 0; turn < PATHS.length; turn++) {
        const name = PATHS[(index + turn) % PATHS.length];
        const answer = check(await connections[name].send(bytes[name][kind]), `${kind} ${name}`);
        if (index >= warmup) samples[name].push(measure(answer));
      }
    }
    for (const connection of Object.values(connections)) connection.close();
    return samples;
  };
  progress('sequential, non-streaming');
  const plain = await sequential('plain', SEQUENTIAL, (answer) => answer.totalMs);
  progress('sequential, streaming');
  const firstToken = await sequential('stream', STREAMS, (answer) => {
    if (answer.firstTokenMs === undefined || !answer.body.includes('[DONE]'))
      throw new Error('a stream ended without a token or [DONE]');
    return answer.firstTokenMs;
  });

  // 2. Open loop at a fixed rate in one-second slices taking turns; latency counts from the scheduled send.
  progress(`fixed rate, ${RATE} requests/s`);
  const rate = Object.fromEntries(PATHS.map((name) => [name, []]));
  const idle = Object.fromEntries(PATHS.map((name) => [name, []]));
  // A connection idle past 2 s may be one the server is closing (5 s keep-alive; a slice under load
  // can outlast that): drop it rather than race the close.
  const take = async (name) => {
    for (let connection = idle[name].pop(); connection !== undefined; connection = idle[name].pop()) {
      if (!connection.closed && performance.now() - connection.idleSince <= 2000) return connection;
      connection.close();
    }
    return openConnection(targets[name]);
  };
  // With more than three paths a path's connections idle for four slices or more, near the servers'
  // 5 s keep-alive timeout: reconnect those idle past 2 s before the slice, outside the timing, so no
  // send races a server closing its idle connection.
  const refresh = async (name) => {
    const stale = idle[name].filter(
      (connection) => connection.closed || performance.now() - connection.idleSince > 2000,
    );
    idle[name] = idle[name].filter((connection) => !stale.includes(connection));
    for (const connection of stale) connection.close();
    const fresh = await Promise.all(stale.map(() => openConnection(targets[name])));
    for (const connection of fresh) connection.idleSince = performance.now();
    idle[name].push(...fresh);
  };
  for (let slice = 0; slice < (RATE_SECONDS + 1) * PATHS.length; slice++) {
    const name = PATHS[slice % PATHS.length];
    await refresh(name);
    const start = performance.now();
    const pending = [];
    for (let sent = 0; sent < RATE;) {
      const due = Math.min(RATE, Math.floor(((performance.now() - start) * RATE) / 1000) + 1);
      for (; sent < due; sent++) {
        const scheduled = start + (sent * 1000) / RATE;
        pending.push(
          take(name).then(async (connection) => {
            const answer = check(await connection.send(bytes[name].plain, scheduled), `rate ${name}`);
            connection.idleSince = performance.now();
            idle[name].push(connection);
            // The first slice of each path warms it up.
            if (slice >= PATHS.length) rate[name].push(answer.totalMs);
          }),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await Promise.all(pending);
  }
  for (const connection of Object.values(idle).flat()) connection.close();

  // 3. Closed loop: CONNECTIONS connections sending back to back, in slices taking turns.
  progress(`throughput, ${CONNECTIONS} connections`);
  const throughput = Object.fromEntries(PATHS.map((name) => [name, []]));
  const gatewayCpu = Object.fromEntries(GATEWAYS.map((gateway) => [gateway, { gateway: [], sim: [] }]));
  for (let slice = 0; slice < 2 * PATHS.length; slice++) {
    const name = PATHS[slice % PATHS.length];
    const connections = await Promise.all(Array.from({ length: CONNECTIONS }, () => openConnection(targets[name])));
    const cpuBefore = { gateway: GATEWAYS.includes(name) ? cpuMs(pids[name]) : 0, sim: cpuMs(processes.sim.child.pid) };
    const until = performance.now() + THROUGHPUT_SECONDS * 1000;
    const started = performance.now();
    let completed = 0;
    await Promise.all(
      connections.map(async (connection) => {
        while (performance.now() < until) {
          check(await connection.send(bytes[name].plain), `throughput ${name}`);
          completed++;
        }
      }),
    );
    throughput[name].push(completed / ((performance.now() - started) / 1000));
    if (GATEWAYS.includes(name)) {
      gatewayCpu[name].gateway.push(((cpuMs(pids[name]) - cpuBefore.gateway) * 1000) / completed);
      gatewayCpu[name].sim.push(((cpuMs(processes.sim.child.pid) - cpuBefore.sim) * 1000) / completed);
    }
    for (const connection of connections) connection.close();
  }
  clearInterval(rssTimer);
  const loadAfter = os.loadavg();

  const columns = (values, decimals) => values.map((value) => value.toFixed(decimals).padStart(9)).join(' ');
  // Per gateway: its figure, then added (gateway - direct); the last column is the first gateway vs the proxy.
  const row = (label, pick, unit, decimals = 3) => {
    const [direct, proxy] = ['direct', 'proxy'].map(pick);
    const gateways = GATEWAYS.flatMap((gateway) => [pick(gateway), pick(gateway) - direct]);
    return `${label.padEnd(32)} ${columns([direct, proxy, ...gateways, pick(GATEWAYS[0]) - proxy], decimals)} ${unit}`;
  };
  const titles = [
    'direct',
    'min.proxy',
    ...TRANSPORTS.flatMap((transport, index) => [
      transport === 'lean' ? 'gateway' : labelOf(transport, index).replace('undici-dispatch', 'undici-dsp').slice(0, 9),
      'added',
    ]),
    'vs proxy',
  ];
  const best = (values) => Math.max(...values);
  console.log(
    [
      `biopipe serve vs the simulator directly (same raw keep-alive client; ${os.cpus().length} CPUs; Node ${process.version})`,
      `gateway upstream transports: ${TRANSPORTS.map((transport, index) => (transport.startsWith('module:') ? `${labelOf(transport, index)} = ${transport}` : transport)).join(', ')}`,
      `load average before ${loadBefore.map((value) => value.toFixed(2)).join(' ')}, after ${loadAfter.map((value) => value.toFixed(2)).join(' ')}`,
      `${''.padEnd(32)} ${titles.map((title) => title.padStart(9)).join(' ')}  (added = gateway - direct; vs proxy = ${GATEWAYS[0]} - minimal proxy)`,
      row(`sequential p50 (${SEQUENTIAL} each)`, (name) => quantile(plain[name], 0.5), 'ms  target added < 0.4'),
      row('sequential p99', (name) => quantile(plain[name], 0.99), 'ms  target added < 2'),
      row(`first token p50 (${STREAMS} each)`, (name) => quantile(firstToken[name], 0.5), 'ms  target added < 0.5'),
      row('first token p99', (name) => quantile(firstToken[name], 0.99), 'ms'),
      row(`at ${RATE} req/s p50 (${rate[GATEWAYS[0]].length} each)`, (name) => quantile(rate[name], 0.5), 'ms'),
      row(`at ${RATE} req/s p99`, (name) => quantile(rate[name], 0.99), 'ms'),
      row(
        `throughput, ${CONNECTIONS} connections`,
        (name) => best(throughput[name]),
        'req/s (better of 2 slices)  target gateway >= 5000',
        0,
      ),
      `throughput slices (req/s): ${PATHS.map((name) => `${name} ${throughput[name].map((value) => value.toFixed(0)).join(', ')}`).join('; ')}`,
      ...GATEWAYS.map(
        (gateway) =>
          `CPU per request through ${gateway}: gateway process ${Math.min(...gatewayCpu[gateway].gateway).toFixed(0)} us, simulator ${Math.min(...gatewayCpu[gateway].sim).toFixed(0)} us`,
      ),
      ...GATEWAYS.map(
        (gateway) =>
          `${gateway} RSS: ${rssIdle[gateway].toFixed(0)} MB idle, ${rssPeak[gateway].toFixed(0)} MB peak  target < 150 MB`,
      ),
    ].join('\n'),
  );
} finally {
  clearTimeout(watchdog);
  stopAll();
  await Promise.all(
    Object.values(processes).map(({ child }) =>
      child.exitCode === null && child.signalCode === null
        ? new Promise((resolve) => child.once('exit', resolve))
        : undefined,
    ),
  );
  rmSync(home, { recursive: true, force: true });
}
