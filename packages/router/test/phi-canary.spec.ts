import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { isDebugRoutingForced } from '@biopipe/core';
import type { SimFaults } from '@biopipe/vllm-sim';
import { ModelOrchestrator } from '../src/index.js';
import { createMemoryMetricsSink } from '../src/testing/memory-metrics-sink.js';
import { CLOUD_ENV, CLOUD_KEY } from './fleet-profiles.js';
import { startTestFleet, testProfile, waitFor, type TestFleet } from './test-fleet.js';

/** Every fault the simulator can inject, applied to every local server at once. */
const EVERY_FAULT: [string, SimFaults][] = [
  ['refused', { refuseConnections: true }],
  ['hang', { hang: {} }],
  ['slow', { slow: { addedFirstTokenMs: 1000 } }],
  ['500', { fail: { status: 500 } }],
  ['503', { fail: { status: 503 } }],
  ['429 + Retry-After', { rateLimit: { retryAfterSeconds: 1 } }],
  ['cut stream', { cutStream: { afterTokens: 1 } }],
  ['stall', { stallStream: { afterTokens: 1 } }],
  ['malformed chunk', { malformedChunk: { afterTokens: 0 } }],
  ['in-band error', { streamError: { afterTokens: 0 } }],
  ['wrong model', { wrongModel: 'not-the-model' }],
];

const PROMPT = 'PHI-CANARY patient MRN 00417789 carries BRCA1 c.68_69delAG';

describe('PHI canary: a PHI-safe profile never contacts the cloud, whatever fails', () => {
  let fleet: TestFleet;
  beforeAll(async () => {
    // Dead engines are covered too: started refusing, these servers drop no pooled connection between faults.
    fleet = await startTestFleet();
    expect(isDebugRoutingForced(CLOUD_ENV)).toBe(false);
  });
  afterEach(() => {
    for (const server of [...fleet.replicas, fleet.embeddings]) server.clearFaults();
  });
  afterAll(async () => {
    await fleet.stop();
  });

  const localOnly = (name = 'test_local_only') =>
    testProfile(fleet, {
      name,
      allowCloud: false,
      overrides: {
        timeouts: { connect_ms: 300, first_token_ms: 250, idle_ms: 200, total_ms: 5000 },
        debug_routing: true,
      },
    });

  it.each(EVERY_FAULT)(
    'sends zero connections to the cloud under fault "%s", with every cloud key set',
    async (_name, faults) => {
      for (const server of [...fleet.replicas, fleet.embeddings]) server.setFaults(faults);
      const sink = createMemoryMetricsSink();
      const orchestrator = await ModelOrchestrator.create({
        strategy: localOnly(),
        env: CLOUD_ENV,
        fleet: null,
        metricsSink: sink,
        createCloudProvider: () => {
          throw new Error('cloud provider constructed under a PHI-safe profile');
        },
      });
      const before = fleet.cloudConnections();
      const outcomes = await Promise.all([
        orchestrator.generate({ task_type: 'documentation', prompt: PROMPT, max_tokens: 8 }).then(
          () => 'served',
          (error: { code: string }) => error.code,
        ),
        (async () => {
          let last = 'served';
          for await (const part of orchestrator.stream({ task_type: 'orchestration', prompt: PROMPT, max_tokens: 8 }))
            if (part.type === 'error') last = part.error.code;
          return last;
        })(),
        orchestrator.embed({ input: [PROMPT] }).then(
          () => 'served',
          (error: { code: string }) => error.code,
        ),
      ]);
      for (const outcome of outcomes)
        expect(['served', 'cloud_disallowed', 'stream_interrupted', 'provider_call_failed']).toContain(outcome);
      expect(fleet.cloudConnections()).toBe(before);
      expect(fleet.openai.requestCount() + fleet.anthropic.requestCount()).toBe(0);
      const records = JSON.stringify(sink.records);
      expect(records).not.toContain('PHI-CANARY');
      expect(records).not.toContain(CLOUD_KEY);
    },
  );

  it('names the role and every attempt when the role is down', async () => {
    for (const replica of fleet.replicas) replica.setFaults({ fail: { status: 503 } });
    const orchestrator = await ModelOrchestrator.create({ strategy: localOnly(), env: CLOUD_ENV, fleet: null });
    const failure = await orchestrator
      .generate({ task_type: 'orchestration', prompt: PROMPT })
      .catch((error: unknown) => error as Error);
    expect(failure).toMatchObject({ code: 'cloud_disallowed', role: 'generalist', profile: 'test_local_only' });
    expect((failure as Error).message).toContain(fleet.replicas[0].url);
    expect((failure as Error).message).toContain('http-503');
    expect((failure as Error).message).not.toContain('PHI-CANARY');
  });

  it('sends zero connections to the cloud during strategy switches under load and faults', async () => {
    const orchestrator = await ModelOrchestrator.create({
      strategy: testProfile(fleet, { allowCloud: true }),
      env: CLOUD_ENV,
      fleet: null,
    });
    await orchestrator.switchStrategy(localOnly('phi_one'));
    for (const replica of fleet.replicas) replica.setFaults({ fail: { status: 503, count: 30 } });
    fleet.replicas[0].setFaults({ hang: { count: 10 } });
    const before = fleet.cloudConnections();
    const requests: Promise<string>[] = [];
    for (let index = 0; index < 40; index++) {
      requests.push(
        orchestrator.generate({ task_type: 'documentation', prompt: PROMPT, max_tokens: 4 }).then(
          (result) => result.route.strategy,
          (error: { code: string }) => error.code,
        ),
      );
      if (index % 10 === 5) await orchestrator.switchStrategy(localOnly(index % 20 === 5 ? 'phi_two' : 'phi_one'));
    }
    const outcomes = await Promise.all(requests);
    expect(outcomes.filter((outcome) => !['phi_one', 'phi_two', 'cloud_disallowed'].includes(outcome))).toEqual([]);
    await waitFor(() => fleet.replicas.every((replica) => replica.stats().inFlight === 0));
    expect(fleet.cloudConnections()).toBe(before);
  });
});
