import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Logger } from '@biopipe/core';
import { readFeedback } from '@biopipe/metrics';
import { runBiopipe } from './run-biopipe.js';
import { JSON_TYPE, chatBody, closeScriptedGateways, sendRaw, startScriptedGateway } from './scripted-gateway.js';
import type { GatewayHandle } from '../src/serve/start-gateway.js';

const KEY = 'feedback-test-key';
const AUTH = { ...JSON_TYPE, authorization: `Bearer ${KEY}` };
const NOTE = 'Patient Jane Roe, MRN 12345678, answer was wrong';

let directory: string;
let file: string;
const logged: string[] = [];
const logger: Logger = {
  debug: (message, fields) => logged.push(message + JSON.stringify(fields ?? {})),
  info: (message, fields) => logged.push(message + JSON.stringify(fields ?? {})),
  warn: (message, fields) => logged.push(message + JSON.stringify(fields ?? {})),
  error: (message, fields) => logged.push(message + JSON.stringify(fields ?? {})),
};

beforeEach(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'serve-feedback-'));
  file = path.join(directory, 'logs', 'routing_metrics.feedback.jsonl');
  logged.length = 0;
});
afterEach(async () => {
  await closeScriptedGateways();
  await rm(directory, { recursive: true, force: true });
});

async function start(feedbackFile: string | null = file) {
  const started = await startScriptedGateway([{ kind: 'answer', text: 'ok' }], {
    key: KEY,
    logger,
    feedbackFile: feedbackFile ?? undefined,
  });
  return started.gateway;
}

const post = (gateway: GatewayHandle, body: unknown, headers: Record<string, string> = AUTH) =>
  sendRaw(gateway.url, { path: '/v1/feedback', body: JSON.stringify(body), headers });

describe('POST /v1/feedback', () => {
  it('records feedback on an answer by its x-request-id, keeping the note out of every log and reply', async () => {
    const gateway = await start();
    const answer = await sendRaw(gateway.url, { path: '/v1/chat/completions', body: chatBody(), headers: AUTH });
    const requestId = answer.headers['x-request-id'] as string;
    const response = await post(gateway, { request_id: requestId, rating: 'bad', note: NOTE });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ object: 'feedback', request_id: requestId, rating: 'bad' });
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      request_id: requestId,
      rating: 'bad',
      note: NOTE,
      source: 'gateway',
    });
    expect((await readFeedback(file)).ratings.get(requestId)).toBe('bad');
    expect(logged.join('\n')).not.toContain('Jane');
  });

  it('answers 400 naming the field for a bad body, and never echoes the note', async () => {
    const gateway = await start();
    const cases: [unknown, string][] = [
      [{ rating: 'good' }, 'request_id'],
      [{ request_id: 'has spaces', rating: 'good' }, 'request_id'],
      [{ request_id: 'r1', rating: 'great' }, 'rating'],
      [{ request_id: 'r1', rating: 'good', note: 42 }, 'note'],
      [{ request_id: 'r1', rating: 'good', note: `${NOTE} ${'x'.repeat(1000)}` }, 'note'],
      [{ request_id: 'r1', rating: 'good', score: 5 }, 'score'],
    ];
    for (const [body, param] of cases) {
      const response = await post(gateway, body);
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body)).toMatchObject({ error: { type: 'invalid_request_error', param } });
      expect(response.body).not.toContain('Jane');
    }
    const notJson = await sendRaw(gateway.url, { path: '/v1/feedback', body: '{"request_id":', headers: AUTH });
    expect(notJson.status).toBe(400);
    expect(logged.join('\n')).not.toContain('Jane');
    await expect(readFile(file, 'utf8')).rejects.toThrow();
  });

  it('keeps the rules of the other endpoints: key, JSON only, no foreign origin, POST only', async () => {
    const gateway = await start();
    const body = { request_id: 'r1', rating: 'good' };
    expect((await post(gateway, body, JSON_TYPE)).status).toBe(401);
    expect((await post(gateway, body, { ...AUTH, 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post(gateway, body, { ...AUTH, origin: 'http://evil.example' })).status).toBe(403);
    const get = await sendRaw(gateway.url, { path: '/v1/feedback', method: 'GET', headers: AUTH });
    expect(get.status).toBe(405);
    await expect(readFile(file, 'utf8')).rejects.toThrow();
  });

  it('answers 404 when the gateway writes no metrics', async () => {
    const gateway = await start(null);
    expect((await post(gateway, { request_id: 'r1', rating: 'good' })).status).toBe(404);
  });
});

describe('biopipe feedback', () => {
  it('appends beside BIOPIPELINES_METRICS_PATH, and refuses a bad rating with exit 2', async () => {
    const env = { BIOPIPELINES_METRICS_PATH: path.join(directory, 'logs', 'routing_metrics.jsonl'), HOME: directory };
    const ok = await runBiopipe(['--json', 'feedback', 'req-1', 'good', '--note', NOTE], { env });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({
      request_id: 'req-1',
      rating: 'good',
      file,
      noted: true,
      request_found: false,
    });
    expect(ok.stdout + ok.stderr).not.toContain('Jane');
    const bad = await runBiopipe(['feedback', 'req-1', 'meh'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('rating must be "good" or "bad"');
    const long = await runBiopipe(['feedback', 'req-1', 'bad', '--note', `${NOTE}${'x'.repeat(1000)}`], { env });
    expect(long.code).toBe(2);
    expect(long.stderr).toContain('the limit is 1000');
    expect(long.stderr).not.toContain('Jane');
    expect((await readFeedback(file)).ratings).toEqual(new Map([['req-1', 'good']]));
  });

  it('warns, exit 0 and the feedback kept, when no metrics file of the series holds the request id', async () => {
    const metrics = path.join(directory, 'logs', 'routing_metrics.jsonl');
    const env = { BIOPIPELINES_METRICS_PATH: metrics, HOME: directory };
    const record = (id: string): string =>
      `${JSON.stringify({ schema_version: 3, request_id: id, outcome: 'success' })}\n`;
    await mkdir(path.dirname(metrics), { recursive: true });
    const rotated = record('rotated-id');
    const live = `${record('live-id')}${record('other')}`;
    await writeFile(`${metrics}.1`, rotated);
    await writeFile(metrics, live);
    for (const id of ['live-id', 'rotated-id']) {
      const found = await runBiopipe(['--json', 'feedback', id, 'good'], { env });
      expect(found.code).toBe(0);
      expect(JSON.parse(found.stdout)).toMatchObject({ request_id: id, request_found: true });
      expect(found.stderr).toBe('');
    }
    const missing = await runBiopipe(['feedback', 'live-i', 'bad'], { env });
    expect(missing.code).toBe(0);
    expect(missing.stderr).toContain(
      `warning: request live-i was not found in the metrics at ${metrics} (2 files, ${rotated.length + live.length} bytes searched); the feedback is recorded anyway.`,
    );
    expect(missing.stderr).toContain('feedback recorded: live-i bad');
    expect((await readFeedback(file)).ratings).toEqual(
      new Map([
        ['live-id', 'good'],
        ['rotated-id', 'good'],
        ['live-i', 'bad'],
      ]),
    );
  });
});
