import { afterEach, describe, expect, it } from '@jest/globals';
import { StrategyConfig } from '@biopipe/core';
import { once } from 'node:events';
import net from 'node:net';
import { stringify } from 'yaml';
import { readRawRequests } from '@biopipe/vllm-sim';
import { ModelOrchestrator } from '../src/index.js';
import { createFakeClock } from '../src/testing/fake-clock.js';

const ANSWER = JSON.stringify({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  model: 'qwen-test',
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
});

/**
 * A raw vLLM stand-in on port 0: answers each chat request on a keep-alive connection, except the
 * second request of the first connection, which it reads whole and then resets (a vLLM that dies
 * mid-generation looks like this). Records every request body it read.
 */
async function startResettingReplica(): Promise<{ url: string; bodies: string[]; close: () => Promise<void> }> {
  const bodies: string[] = [];
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((socket) => {
    const connection = connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let index = 0;
    readRawRequests(socket, (body) => {
      bodies.push(body);
      if (connection === 0 && index++ === 1) {
        socket.resetAndDestroy();
        return false;
      }
      socket.write(
        `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${ANSWER.length}\r\n\r\n${ANSWER}`,
      );
      return true;
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('no silent resend of a POST', () => {
  it('records a reset after the request was written as a failed attempt, and the retry as a second one', async () => {
    const replica = await startResettingReplica();
    cleanups.push(replica.close);
    const strategy = StrategyConfig.fromString(
      stringify({
        profile_name: 'resend_test',
        allow_cloud: false,
        vllm_endpoints: { generalist: { urls: [replica.url], served_model_name: 'qwen-test' } },
        task_routing: { '*': 'generalist' },
        retry: { max_attempts: 3, base_delay_ms: 10, max_delay_ms: 50 },
      }),
      'resend_test',
    );
    const clock = createFakeClock();
    const orchestrator = await ModelOrchestrator.create({ strategy, env: {}, fleet: null, clock });
    const request = { task_type: 'documentation', prompt: 'Call the variants', max_tokens: 4 } as const;

    const first = await orchestrator.generate(request);
    expect(first.route.attempts.map((attempt) => attempt.error_class)).toEqual([null]);
    // The second request goes out on the pooled keep-alive socket; the replica reads it, then resets.
    const second = await orchestrator.generate(request);
    expect(second.text).toBe('ok');
    expect(second.route.attempts.map((attempt) => [attempt.outcome, attempt.error_class])).toEqual([
      ['error', 'reset'],
      ['success', null],
    ]);
    // One request read per attempt: the transport sent nothing the attempts do not show.
    expect(replica.bodies).toHaveLength(3);
    expect(clock.sleeps).toHaveLength(1);
  });
});
