import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runBiopipe } from './run-biopipe.js';
import { startServe, startServeFleet, waitFor, type ServeFleet } from './serve-harness.js';

let fleet: ServeFleet;
// Distinctive, so any leak into output, logs or metrics is unmistakable.
const KEY = 'bpgw-Zebrafish-4e1c9d7a-never-log-me';

beforeAll(async () => {
  fleet = await startServeFleet();
}, 60_000);

afterAll(async () => {
  await fleet?.stop();
});

function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** Runs `promtool check metrics` on the text; under CI a missing promtool is a failure, never a skip. */
function checkWithPromtool(text: string): Promise<{ code: number | null; output: string } | 'missing'> {
  return new Promise((resolve) => {
    const child = spawn('promtool', ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      resolve(error.code === 'ENOENT' ? 'missing' : { code: -1, output: error.message }),
    );
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end(text);
  });
}

describe('biopipe serve as a process', () => {
  it('binds loopback by default, requires the key, and never writes the key to output, logs or metrics', async () => {
    const server = await startServe(fleet, {
      strategy: 'serve_hybrid',
      args: [],
      env: { BIOPIPELINES_GATEWAY_KEY: KEY },
    });
    const logged = await startServe(fleet, {
      strategy: 'serve_hybrid',
      args: ['--debug'],
      env: { BIOPIPELINES_GATEWAY_KEY: KEY, BIOPIPELINES_DEBUG_ROUTING: '1' },
    });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const chat = { model: 'biopipe:auto', messages: [{ role: 'user', content: 'hello' }], max_tokens: 4 };
      for (const wrong of [KEY.slice(0, -1), `${KEY}x`, KEY.toUpperCase()]) {
        expect(
          (await post(`${server.url}/v1/chat/completions`, chat, { authorization: `Bearer ${wrong}` })).status,
        ).toBe(401);
      }
      expect((await post(`${server.url}/v1/chat/completions`, chat)).status).toBe(401);
      const ok = await post(`${server.url}/v1/chat/completions`, chat, { authorization: `Bearer ${KEY}` });
      expect(ok.status).toBe(200);
      const requestId = ok.headers.get('x-request-id');
      const failing = await post(
        `${server.url}/v1/chat/completions`,
        { ...chat, model: 'biopipe:nope' },
        { authorization: `Bearer ${KEY}` },
      );
      expect(failing.status).toBe(400);
      const switched = await post(
        `${server.url}/admin/strategy`,
        { strategy: 'serve_phi' },
        { authorization: `Bearer ${KEY}` },
      );
      expect(await switched.json()).toMatchObject({
        strategy: 'serve_phi',
        allow_cloud: false,
        previous: 'serve_hybrid',
      });
      expect((await post(`${server.url}/admin/strategy`, { strategy: 'serve_hybrid' })).status).toBe(401);
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect((await post(`${logged.url}/v1/chat/completions`, chat, { authorization: `Bearer ${KEY}` })).status).toBe(
        200,
      );
      expect(
        (await post(`${logged.url}/v1/chat/completions`, chat, { authorization: `Bearer ${KEY.slice(1)}` })).status,
      ).toBe(401);
      expect(
        (
          await post(
            `${logged.url}/v1/chat/completions`,
            { ...chat, model: 'biopipe:orchestration' },
            { authorization: `Bearer ${KEY}` },
          )
        ).status,
      ).toBe(200);
      // The gateway's bearer token is never forwarded upstream (the fleet has no key of its own).
      const upstream = fleet.generalists
        .flatMap((replica) => replica.requests)
        .find((request) => request.headers['x-request-id'] === requestId);
      expect(upstream).toBeDefined();
      expect(upstream?.headers['authorization']).toBeUndefined();
      expect(await server.stop('SIGTERM')).toBe(0);
      expect(await logged.stop('SIGINT')).toBe(0);
      const { stdout, stderr } = server.output();
      expect(stderr).toContain('bearer key required');
      expect(stderr).toContain('strategy switched through the admin route');
      const routingMetrics = readFileSync(path.join(fleet.home, 'routing_metrics.jsonl'), 'utf8');
      expect(routingMetrics).toContain(requestId);
      for (const text of [stdout, stderr, metrics, routingMetrics, logged.output().stderr]) {
        expect(text).not.toContain(KEY);
        expect(text).not.toContain(KEY.slice(0, 12));
      }
    } finally {
      await Promise.all([server.stop(), logged.stop()]);
    }
  });

  it('writes one access-log line per request to stderr, without the prompt or a key; --access-log off writes none', async () => {
    const prompt = 'ACCESS-LOG-CANARY which aligner suits long reads';
    const chat = { model: 'biopipe:code_generation', messages: [{ role: 'user', content: prompt }], max_tokens: 4 };
    const server = await startServe(fleet, {
      strategy: 'serve_hybrid',
      args: [],
      env: { BIOPIPELINES_GATEWAY_KEY: KEY },
    });
    const quiet = await startServe(fleet, {
      strategy: 'serve_hybrid',
      args: ['--access-log', 'off'],
      env: { BIOPIPELINES_GATEWAY_KEY: KEY },
    });
    try {
      for (const target of [server, quiet]) {
        expect((await post(`${target.url}/v1/chat/completions`, chat, { authorization: `Bearer ${KEY}` })).status).toBe(
          200,
        );
        expect(
          (await post(`${target.url}/v1/chat/completions`, chat, { authorization: `Bearer ${KEY}x` })).status,
        ).toBe(401);
        expect((await fetch(`${target.url}/v1/models?api_key=${KEY}`)).status).toBe(401);
      }
      expect(await server.stop('SIGTERM')).toBe(0);
      expect(await quiet.stop('SIGTERM')).toBe(0);
      const lines = server
        .output()
        .stderr.split('\n')
        .filter((line) => /^biopipe serve: (GET|POST) /.test(line));
      expect(lines).toHaveLength(3);
      expect(lines[0]).toMatch(
        /^biopipe serve: POST \/v1\/chat\/completions 200 task=code_generation target=coder \d+\.\d ms$/,
      );
      expect(lines[1]).toMatch(/^biopipe serve: POST \/v1\/chat\/completions 401 task=\S+ target=\S+ \d+\.\d ms$/);
      expect(lines[2]).toMatch(/^biopipe serve: GET \/v1\/models 401 /);
      const stderr = server.output().stderr;
      expect(stderr).not.toContain('ACCESS-LOG-CANARY');
      expect(stderr).not.toContain(KEY.slice(0, 12));
      expect(quiet.output().stderr).not.toMatch(/^biopipe serve: (GET|POST) /m);
    } finally {
      await Promise.all([server.stop(), quiet.stop()]);
    }
  });

  it('refuses to start with a key no client could send, without printing it', async () => {
    const result = await runBiopipe(
      ['--config-dir', fleet.configDir, '--strategy', 'serve_hybrid', 'serve', '--port', '0'],
      { env: { HOME: fleet.home, BIOPIPELINES_GATEWAY_KEY: 'Zebrafish secret' } },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('BIOPIPELINES_GATEWAY_KEY contains whitespace');
    expect(result.stderr + result.stdout).not.toContain('Zebrafish');
  });

  it('has no admin route without a key, takes the task from X-Biopipe-Task, and refuses oversized bodies with 413', async () => {
    const server = await startServe(fleet, { strategy: 'serve_hybrid', args: ['--max-body-bytes', '2048'] });
    try {
      expect((await post(`${server.url}/admin/strategy`, { strategy: 'serve_phi' })).status).toBe(404);
      const routed = await post(
        `${server.url}/v1/chat/completions`,
        { model: 'whatever-the-tool-sends', messages: [{ role: 'user', content: 'x' }], max_tokens: 2 },
        { 'x-biopipe-task': 'math_statistics' },
      );
      expect(routed.status).toBe(200);
      expect(routed.headers.get('x-biopipe-route-target')).toBe('math');
      const big = await post(`${server.url}/v1/chat/completions`, {
        model: 'biopipe:auto',
        messages: [{ role: 'user', content: 'x'.repeat(4000) }],
      });
      expect(big.status).toBe(413);
      expect(await big.json()).toMatchObject({ error: { code: 'payload_too_large', type: 'invalid_request_error' } });
    } finally {
      await server.stop();
    }
  });

  it('serves Prometheus metrics by task and target that pass promtool check metrics', async () => {
    const server = await startServe(fleet, { strategy: 'serve_hybrid' });
    const coder = fleet.fleet.roles['coder']?.handle;
    try {
      await post(`${server.url}/v1/chat/completions`, {
        model: 'biopipe:documentation',
        messages: [{ role: 'user', content: 'x' }],
        max_tokens: 2,
      });
      await post(`${server.url}/v1/chat/completions`, {
        model: 'biopipe:documentation',
        messages: [{ role: 'user', content: 'x' }],
        max_tokens: 2,
        stream: true,
      });
      await post(`${server.url}/v1/embeddings`, { model: 'biopipe:embeddings', input: 'x' });
      coder?.setFaults({ fail: { status: 503, count: 1 } });
      const fellBack = await post(`${server.url}/v1/chat/completions`, {
        model: 'biopipe:code_generation',
        messages: [{ role: 'user', content: 'x' }],
        max_tokens: 2,
      });
      expect(fellBack.headers.get('x-biopipe-fallback-depth')).toBe('1');
      await post(`${server.url}/v1/chat/completions`, { model: 'biopipe:unknown', messages: [] });
      const text = await (await fetch(`${server.url}/metrics`)).text();
      expect(text).toContain(
        'biopipe_gateway_requests_total{endpoint="chat",task="documentation",target="generalist",status="200"} 2',
      );
      expect(text).toContain(
        'biopipe_gateway_requests_total{endpoint="embeddings",task="embeddings",target="embeddings",status="200"} 1',
      );
      expect(text).toContain(
        'biopipe_gateway_fallbacks_total{endpoint="chat",task="code_generation",target="coder",depth="1"} 1',
      );
      expect(text).toContain(
        'biopipe_gateway_errors_total{endpoint="chat",task="none",target="none",error_class="unknown-task-type"} 1',
      );
      expect(text).toMatch(
        /biopipe_gateway_request_duration_seconds_count\{endpoint="chat",task="documentation",target="generalist"\} 2/,
      );
      expect(text).toMatch(
        /biopipe_gateway_time_to_first_token_seconds_count\{task="documentation",target="generalist"\} 1/,
      );
      expect(text).toContain('process_resident_memory_bytes');
      const checked = await checkWithPromtool(text);
      if (checked === 'missing') {
        // Never a quiet skip: CI must have promtool; elsewhere say plainly what was not checked.
        expect(process.env['CI']).not.toBe('true');
        console.warn(
          'promtool is not installed: the /metrics text was not checked with `promtool check metrics` (install prometheus).',
        );
      } else {
        expect(checked).toEqual({ code: 0, output: '' });
      }
    } finally {
      coder?.clearFaults();
      await server.stop();
    }
  });

  it('on SIGTERM stops accepting, lets in-flight requests finish, flushes the routing metrics and exits 0', async () => {
    const server = await startServe(fleet, { strategy: 'serve_hybrid' });
    const math = fleet.fleet.roles['math']?.handle;
    math?.setFaults({ slow: { addedFirstTokenMs: 1500, count: 2 } });
    try {
      const whole = post(`${server.url}/v1/chat/completions`, {
        model: 'biopipe:math_statistics',
        messages: [{ role: 'user', content: 'x' }],
        max_tokens: 3,
      });
      const streamed = post(`${server.url}/v1/chat/completions`, {
        model: 'biopipe:math_statistics',
        messages: [{ role: 'user', content: 'x' }],
        max_tokens: 3,
        stream: true,
      });
      expect(await waitFor(() => (math?.stats().inFlight ?? 0) === 2, 5000)).toBe(true);
      const exited = server.stop('SIGTERM');
      expect(await waitFor(() => server.output().stderr.includes('shutting down'), 5000)).toBe(true);
      const refused = await new Promise<string>((resolve) => {
        const request = http.get(`${server.url}/health`, { agent: false }, (response) =>
          resolve(`answered ${response.statusCode}`),
        );
        request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
      expect(refused).toBe('ECONNREFUSED');
      expect((await whole).status).toBe(200);
      const stream = await streamed;
      expect(stream.status).toBe(200);
      expect(await stream.text()).toContain('data: [DONE]');
      expect(await exited).toBe(0);
      const records = readFileSync(path.join(fleet.home, 'routing_metrics.jsonl'), 'utf8');
      expect(records.split('\n').filter((line) => line.includes('"math_statistics"')).length).toBeGreaterThanOrEqual(2);
      expect(server.output().stderr).toContain('stopped; routing metrics flushed');
    } finally {
      math?.clearFaults();
      await server.stop();
    }
  });
});
