import { readdirSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startServe, startServeFleet, waitFor, type ServeFleet, type ServeProcess } from './serve-harness.js';

let fleet: ServeFleet;
const servers: ServeProcess[] = [];

beforeAll(async () => {
  // Some latency, so that requests overlap and a kill lands on work in flight.
  fleet = await startServeFleet({ latency: { timeToFirstTokenMs: 5, interTokenLatencyMs: 5 } });
}, 60_000);

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

afterAll(async () => {
  await fleet?.stop();
});

async function serve(strategy: string, nodeArgs: readonly string[] = []): Promise<ServeProcess> {
  const server = await startServe(fleet, { strategy, nodeArgs });
  servers.push(server);
  return server;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One POST over `agent`; resolves with the whole answer. */
function post(agent: http.Agent, url: string, body: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}

/**
 * Makes the gateway run a full garbage collection without any hook in its code: it was started with
 * `--heapsnapshot-signal=SIGUSR2`, and writing a heap snapshot collects first. Resolves once the
 * snapshot file (in the gateway's working directory) is complete.
 */
async function collectGarbage(server: ServeProcess): Promise<void> {
  const snapshots = (): string[] => readdirSync(fleet.home).filter((name) => name.endsWith('.heapsnapshot'));
  const before = snapshots().length;
  server.child.kill('SIGUSR2');
  let lastSize = -1;
  const written = await waitFor(() => {
    const latest = snapshots().sort().at(-1);
    if (snapshots().length === before || latest === undefined) return false;
    const size = statSync(path.join(fleet.home, latest)).size;
    const stable = size > 0 && size === lastSize;
    lastSize = size;
    return stable;
  }, 30_000);
  expect(written).toBe(true);
  for (const name of snapshots()) rmSync(path.join(fleet.home, name));
}

/** The gateway's own heap and requests in flight, from its /metrics. */
async function gatewayMemory(server: ServeProcess): Promise<{ heapUsed: number; inFlight: number }> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const read = (name: string): number => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? NaN);
  return { heapUsed: read('nodejs_heap_size_used_bytes'), inFlight: read('biopipe_gateway_in_flight_requests') };
}

const streamBody = (maxTokens: number): unknown => ({
  model: 'biopipe:documentation',
  messages: [{ role: 'user', content: 'Describe the steps of RNA-seq alignment.' }],
  max_tokens: maxTokens,
  stream: true,
  stream_options: { include_usage: true },
});
const chatBody = (task: string): unknown => ({
  model: `biopipe:${task}`,
  messages: [{ role: 'user', content: 'Summarise the QC report.' }],
  max_tokens: 6,
});

/** Runs `workers` loops of `send` until `stopAt` says so; collects every answer (or the thrown error). */
async function runLoad(options: {
  workers: number;
  until: () => boolean;
  send: () => Promise<Answer>;
}): Promise<(Answer | Error)[]> {
  const answers: (Answer | Error)[] = [];
  await Promise.all(
    Array.from({ length: options.workers }, async () => {
      while (!options.until()) answers.push(await options.send().catch((error: unknown) => error as Error));
    }),
  );
  return answers;
}

describe('biopipe serve under load and faults', () => {
  it('completes 1,000 concurrent streams with none lost, and memory returns to its baseline', async () => {
    const server = await serve('serve_hybrid', ['--heapsnapshot-signal=SIGUSR2']);
    const url = `${server.url}/v1/chat/completions`;
    // A fresh pool per round: each socket carries one stream, so no answer depends on a reused idle socket.
    const runStreams = async (count: number): Promise<Answer[]> => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
      try {
        return await Promise.all(
          Array.from({ length: count }, () =>
            post(agent, url, streamBody(10)).catch((error: Error) => ({
              status: -1,
              headers: {},
              body: error.message,
            })),
          ),
        );
      } finally {
        agent.destroy();
      }
    };
    await runStreams(200);
    await collectGarbage(server);
    const baseline = await gatewayMemory(server);
    // Sample the gateway while the streams run: the peak is what they held at once, not what is left
    // after they end (a collection between the last stream and one late sample hid the spike before).
    let running = true;
    let peak = baseline;
    const sampler = (async () => {
      while (running) {
        const sample = await gatewayMemory(server);
        if (sample.heapUsed > peak.heapUsed) peak = sample;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const answers = await runStreams(1000).finally(() => (running = false));
    await sampler;
    const lost = answers.filter(
      (answer) =>
        answer.status !== 200 ||
        !answer.body.endsWith('data: [DONE]\n\n') ||
        !answer.body.includes('"completion_tokens":10'),
    );
    expect(lost.map((answer) => `${answer.status} ${answer.body.slice(-300)}`)).toEqual([]);
    expect(answers).toHaveLength(1000);
    expect(new Set(answers.map((answer) => answer.headers['x-request-id'])).size).toBe(1000);
    await collectGarbage(server);
    const after = await gatewayMemory(server);
    expect(after.inFlight).toBe(1);
    // Nothing of the 1,000 streams is kept: the live heap is back within 5 MB of the baseline's. (RSS
    // is not compared: V8 keeps freed pages, and writing the snapshot itself takes memory.)
    expect(after.heapUsed).toBeLessThan(baseline.heapUsed + 5 * 1024 * 1024);
    // The spike did happen (the live heap grew), so the comparison above means something.
    expect(peak.heapUsed).toBeGreaterThan(baseline.heapUsed + 5 * 1024 * 1024);
  }, 180_000);

  it('leaves no upstream request running when clients disconnect mid-stream', async () => {
    const server = await serve('serve_hybrid');
    const replicas = fleet.generalists;
    const started = await Promise.all(
      Array.from(
        { length: 40 },
        () =>
          new Promise<http.ClientRequest>((resolve, reject) => {
            const request = http.request(
              `${server.url}/v1/chat/completions`,
              { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } },
              (response) => {
                let chunks = 0;
                response.on('data', () => {
                  if (++chunks === 3) resolve(request);
                });
              },
            );
            request.on('error', () => undefined);
            setTimeout(() => reject(new Error('no stream started within 10 s')), 10_000);
            request.end(JSON.stringify(streamBody(2000)));
          }),
      ),
    );
    const inFlight = (): number => replicas.reduce((total, replica) => total + replica.stats().inFlight, 0);
    expect(inFlight()).toBe(40);
    for (const request of started) request.destroy();
    expect(await waitFor(() => inFlight() === 0, 5000)).toBe(true);
    expect((await gatewayMemory(server)).inFlight).toBe(1);
  }, 60_000);

  it('PHI-safe: a replica killed under load gives clean 503s, never an error of another kind, and no connection to the cloud', async () => {
    const server = await serve('serve_phi');
    const cloud = fleet.fleet.cloud;
    cloud?.openai.clearRecords();
    cloud?.anthropic.clearRecords();
    const math = fleet.fleet.roles['math']?.handle;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    let killedAt = 0;
    const stopAt = Date.now() + 3000;
    setTimeout(() => {
      killedAt = Date.now();
      void math?.kill();
    }, 1000);
    try {
      const answers = await runLoad({
        workers: 20,
        until: () => Date.now() > stopAt,
        send: () => post(agent, `${server.url}/v1/chat/completions`, chatBody('math_statistics')),
      });
      const late = await post(agent, `${server.url}/v1/chat/completions`, {
        ...(chatBody('math_statistics') as object),
        stream: true,
      });
      expect(killedAt).toBeGreaterThan(0);
      const errors = answers.filter((answer): answer is Error => answer instanceof Error);
      expect(errors).toEqual([]);
      const statuses = new Map<number, number>();
      for (const answer of answers as Answer[]) statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      expect([...statuses.keys()].sort()).toEqual([200, 503]);
      for (const answer of [...(answers as Answer[]), late].filter((answer) => answer.status !== 200)) {
        expect(JSON.parse(answer.body)).toMatchObject({
          error: { code: 'cloud_disallowed', type: 'service_unavailable_error' },
        });
      }
      expect(late.status).toBe(503);
      expect(cloud?.openai.connectionCount()).toBe(0);
      expect(cloud?.anthropic.connectionCount()).toBe(0);
      expect(cloud?.openai.requestCount()).toBe(0);
    } finally {
      agent.destroy();
    }
  }, 60_000);

  it('hybrid: killed replicas under load give fallbacks (the other replica, then the cloud), not errors', async () => {
    const server = await serve('serve_hybrid');
    const [first, second] = fleet.generalists;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    const stopAt = Date.now() + 4000;
    let firstKilledAt = Infinity;
    setTimeout(() => {
      firstKilledAt = Date.now();
      void first.kill();
    }, 1000);
    setTimeout(() => void second.kill(), 2500);
    try {
      const answers = await runLoad({
        workers: 20,
        until: () => Date.now() > stopAt,
        send: () => post(agent, `${server.url}/v1/chat/completions`, chatBody('documentation')),
      });
      const failures = answers.filter((answer) => answer instanceof Error || answer.status !== 200);
      expect(
        failures.map((answer) => (answer instanceof Error ? answer.message : `${answer.status} ${answer.body}`)),
      ).toEqual([]);
      const depths = new Set((answers as Answer[]).map((answer) => answer.headers['x-biopipe-fallback-depth']));
      expect(depths).toEqual(new Set(['0', '1']));
      const endpoints = new Set(
        (answers as Answer[])
          .filter((answer) => answer.headers['x-biopipe-fallback-depth'] === '1')
          .map((answer) => answer.headers['x-biopipe-model']),
      );
      expect(endpoints).toEqual(new Set(['deepseek-chat']));
      expect(first.stats().dead && second.stats().dead).toBe(true);
      // Between the two kills the second replica carried the traffic.
      expect(second.requests.filter((request) => request.receivedAt > firstKilledAt + 100).length).toBeGreaterThan(10);
    } finally {
      agent.destroy();
    }
  }, 60_000);
});
