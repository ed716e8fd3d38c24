import { afterEach, describe, expect, it } from '@jest/globals';
import { closeScriptedGateways, postChat, startScriptedGateway } from './scripted-gateway.js';

afterEach(closeScriptedGateways);

describe("biopipe serve answers a client's mistake as its own", () => {
  it("answers a backend's 400 as 400 invalid_request_error with the reason, trying nothing else", async () => {
    const started = await startScriptedGateway([
      { kind: 'fail', errorClass: 'bad-request', status: 400, retryable: false },
    ]);
    const response = await postChat(started.gateway);
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({
      error: {
        type: 'invalid_request_error',
        code: 'usage',
        message: expect.stringContaining('refused as invalid (400)'),
      },
    });
    expect(started.calls()).toBe(1);
  });

  it('sends the smallest Retry-After when every backend was busy and said when to come back', async () => {
    const started = await startScriptedGateway([
      { kind: 'fail', errorClass: 'http-429', status: 429, retryable: true, retryAfterMs: 120_000 },
    ]);
    for (const stream of [false, true]) {
      const response = await postChat(started.gateway, { stream });
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('120');
    }
  });

  it('sends no Retry-After when a backend failed for another reason', async () => {
    const started = await startScriptedGateway([
      { kind: 'fail', errorClass: 'http-500', status: 500, retryable: true },
    ]);
    const response = await postChat(started.gateway);
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBeUndefined();
  });
});
