import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { StrategyConfig } from '@biopipe/core';
import { startVllmSim, type VllmSimHandle } from '@biopipe/vllm-sim';
import { ModelOrchestrator } from '../src/model-orchestrator.js';
import type { GenerateResult } from '../src/routing/request-types.js';
import { createMemoryMetricsSink } from '../src/testing/memory-metrics-sink.js';
import { waitFor } from './test-fleet.js';

const profileFor = (name: string, sim: VllmSimHandle): StrategyConfig =>
  StrategyConfig.fromString(`profile_name: ${name}
vllm_endpoints: { generalist: { urls: ["${sim.url}"], served_model_name: qwen-test } }
task_routing: { "*": generalist }
`);

describe('switching strategy under 50 concurrent in-flight requests', () => {
  let before: VllmSimHandle;
  let after: VllmSimHandle;
  beforeAll(async () => {
    const start = (): Promise<VllmSimHandle> =>
      startVllmSim({ servedModelName: 'qwen-test', port: 0, timeToFirstTokenMs: 1000 });
    [before, after] = await Promise.all([start(), start()]);
  });
  afterAll(async () => {
    await Promise.all([before.stop(), after.stop()]);
  });

  it('finishes every in-flight request on the old strategy, none lost or misrouted, and sends the next ones to the new', async () => {
    const sink = createMemoryMetricsSink();
    const orchestrator = await ModelOrchestrator.create({
      strategy: profileFor('before', before),
      env: {},
      fleet: null,
      metricsSink: sink,
    });
    const inFlight: Promise<GenerateResult>[] = [];
    for (let index = 0; index < 50; index++)
      inFlight.push(
        orchestrator.generate({
          task_type: 'documentation',
          prompt: `request ${index}`,
          max_tokens: 4,
          request_id: `old-${index}`,
        }),
      );
    const streams = Array.from({ length: 5 }, (_unused, index) =>
      orchestrator.stream({ task_type: 'documentation', prompt: `stream ${index}`, max_tokens: 4 }),
    );
    const reading = streams.map(async (stream) => {
      let text = '';
      for await (const part of stream) if (part.type === 'text-delta') text += part.text;
      return { text, route: await stream.route };
    });
    await waitFor(() => before.stats().inFlight === 55);
    await Promise.all([
      orchestrator.switchStrategy(profileFor('after', after)),
      orchestrator.switchStrategy(profileFor('after', after)),
    ]);
    const next = await Promise.all(
      Array.from({ length: 10 }, (_unused, index) =>
        orchestrator.generate({ task_type: 'documentation', prompt: `new ${index}`, max_tokens: 4 }),
      ),
    );

    const old = await Promise.all(inFlight);
    expect(old.map((result) => result.route.request_id)).toEqual(
      Array.from({ length: 50 }, (_unused, index) => `old-${index}`),
    );
    expect(
      old.every(
        (result) =>
          result.route.strategy === 'before' && result.route.endpoint === before.url && result.text.length > 0,
      ),
    ).toBe(true);
    for (const { text, route } of await Promise.all(reading))
      expect({ text: text.length > 0, strategy: route.strategy }).toEqual({ text: true, strategy: 'before' });
    expect(next.every((result) => result.route.strategy === 'after' && result.route.endpoint === after.url)).toBe(true);
    expect(before.stats().requests['/v1/chat/completions']).toBe(55);
    expect(after.stats().requests['/v1/chat/completions']).toBe(10);
    expect(sink.metrics()).toHaveLength(65);
    expect(sink.metrics().every((metric) => metric.success)).toBe(true);
  });
});
