import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger, type Logger, type LogFields } from '@biopipe/core';
import { AlertNotifier } from './alert-notifier.js';

let server: Server;
let url: string;
let status = 200;
const posts: { method: string | undefined; type: string | undefined; body: unknown }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      posts.push({ method: request.method, type: request.headers['content-type'], body: JSON.parse(body) });
      response.writeHead(status).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/SECRET`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function recordingLogger(): {
  logger: Logger;
  lines: { level: string; message: string; fields: LogFields | undefined }[];
} {
  const lines: { level: string; message: string; fields: LogFields | undefined }[] = [];
  const record = (level: string) => (message: string, fields?: LogFields) => lines.push({ level, message, fields });
  return {
    logger: { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') },
    lines,
  };
}

describe('AlertNotifier', () => {
  it('logs the alert and POSTs Slack-compatible JSON {"text": ...} to the webhook', async () => {
    posts.length = 0;
    const { logger, lines } = recordingLogger();
    await new AlertNotifier({ logger, webhookUrl: url }).notify({
      kind: 'gave-up',
      role: 'math',
      message: 'math: gave up restarting',
    });
    expect(posts).toEqual([
      { method: 'POST', type: 'application/json', body: { text: '[biopipe fleet] math: gave up restarting' } },
    ]);
    expect(lines).toEqual([
      {
        level: 'warn',
        message: 'math: gave up restarting',
        fields: { event: 'alert', alert: 'gave-up', role: 'math', dry_run: false },
      },
    ]);
  });

  it('posts nothing in a dry run', async () => {
    posts.length = 0;
    await new AlertNotifier({ logger: silentLogger, webhookUrl: url, dryRun: true }).notify({
      kind: 'down',
      role: 'math',
      message: 'down',
    });
    expect(posts).toEqual([]);
  });

  it('logs a refused or unreachable webhook without its URL (it holds a secret) and never throws', async () => {
    const { logger, lines } = recordingLogger();
    status = 500;
    await new AlertNotifier({ logger, webhookUrl: url }).notify({
      kind: 'recovered',
      role: 'math',
      message: 'math recovered',
    });
    status = 200;
    await new AlertNotifier({ logger, webhookUrl: 'http://127.0.0.1:1/hook-SECRET', timeoutMs: 1000 }).notify({
      kind: 'down',
      role: 'math',
      message: 'math is down',
    });
    expect(lines.map((line) => [line.level, line.message])).toEqual([
      ['info', 'math recovered'],
      ['error', 'the alert webhook refused the alert'],
      ['warn', 'math is down'],
      ['error', 'could not post the alert to the webhook'],
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/SECRET/);
  });
});
