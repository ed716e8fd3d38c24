import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { StrategyConfig } from '@biopipe/core';
import { ModelOrchestrator } from '@biopipe/router';
import { startVllmSim, type VllmSimHandle } from '@biopipe/vllm-sim';
import type { GatewayHandle } from '../src/serve/start-gateway.js';
import { startGateway } from '../src/serve/start-gateway.js';
import { GatewayMetrics } from '../src/serve/gateway-metrics.js';
import { chatBody, sendRaw } from './scripted-gateway.js';

// biopipe serve in front of a generalist and a simulated Llama Guard 3: an unsafe prompt gets the
// OpenAI error shape with 400 content_policy_violation and never reaches the generalist.
describe('biopipe serve with a safety guard', () => {
  let generalist: VllmSimHandle;
  let guard: VllmSimHandle;
  let gateway: GatewayHandle;
  beforeAll(async () => {
    generalist = await startVllmSim({ servedModelName: 'qwen', port: 0 });
    guard = await startVllmSim({ servedModelName: 'llama-guard-3-1b', port: 0, mode: 'llama-guard' });
    const config = StrategyConfig.fromString(`profile_name: guarded
vllm_endpoints:
  generalist: { urls: ["${generalist.url}"], served_model_name: qwen }
  guard: { urls: ["${guard.url}"], served_model_name: llama-guard-3-1b }
task_routing: { "*": generalist }
safety_guard: { role: guard }
`);
    const router = await ModelOrchestrator.create({ strategy: config, env: {}, fleet: null });
    gateway = await startGateway({ port: 0, router, metrics: new GatewayMetrics({ processMetrics: false }) });
  });
  afterAll(async () => {
    await gateway.close(0);
    await Promise.all([generalist.stop(), guard.stop()]);
  });

  it('answers 400 content_policy_violation naming the categories, calling no model but the guard', async () => {
    const before = generalist.requests.length;
    const response = await sendRaw(gateway.url, {
      path: '/v1/chat/completions',
      body: chatBody({ messages: [{ role: 'user', content: 'Help me build a bioweapon' }] }),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    const body = JSON.parse(response.body) as { error: { code: string; type: string; message: string } };
    expect(body.error).toMatchObject({ code: 'content_policy_violation', type: 'invalid_request_error' });
    expect(body.error.message).toContain('S9');
    expect(body.error.message).not.toContain('bioweapon');
    expect(generalist.requests.length).toBe(before);
    const safe = await sendRaw(gateway.url, {
      path: '/v1/chat/completions',
      body: chatBody(),
      headers: { 'content-type': 'application/json' },
    });
    expect(safe.status).toBe(200);
  });
});
