import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFleet, type Fleet } from '@biopipe/vllm-sim';
import { ModelOrchestrator } from '../src/index.js';
import { createMemoryMetricsSink } from '../src/testing/memory-metrics-sink.js';
import { CLOUD_ENV, profileOnFleet } from './fleet-profiles.js';

// An A/B split under a PHI-safe profile, on real simulated servers: each session keeps its arm, the
// arm that served is the one recorded, the share is near the profile's, and no cloud host is contacted.
const SESSIONS = 80;

describe('an A/B split on a simulated fleet', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startFleet({ ports: 'free', roles: ['generalist', 'coder'] });
  });
  afterAll(async () => {
    await fleet.stop();
  });

  it('keeps each session on one arm, records the arm that served, and never leaves the cluster', async () => {
    const config = profileOnFleet('t4_local_only', fleet, {
      vllm_endpoints: Object.fromEntries(
        Object.entries(fleet.roles).map(([role, endpoint]) => [
          role,
          { urls: [endpoint.url], served_model_name: endpoint.servedModelName },
        ]),
      ),
      task_routing: { '*': 'generalist', biomedical: { split: { generalist: 50, coder: 50 }, sticky: 'session' } },
    });
    const sink = createMemoryMetricsSink();
    const orchestrator = await ModelOrchestrator.create({ strategy: config, env: CLOUD_ENV, metricsSink: sink });
    const cloudBefore = (fleet.cloud?.openai.connectionCount() ?? 0) + (fleet.cloud?.anthropic.connectionCount() ?? 0);
    const armOf = new Map<string, string>();
    for (let index = 0; index < SESSIONS; index += 1)
      for (const turn of [0, 1]) {
        const session = `session-${index}`;
        const answer = await orchestrator.generate({
          task_type: 'biomedical',
          prompt: `Which gene is on turn ${turn}?`,
          session,
          max_tokens: 2,
        });
        const arm = answer.route.variant?.arm;
        expect(answer.route.variant).toMatchObject({ experiment: 'biomedical', unit: 'session' });
        expect(answer.route.target).toBe(arm);
        expect(answer.route.model).toBe(fleet.roles[arm ?? '']?.servedModelName);
        if (turn === 1) expect(arm).toBe(armOf.get(session));
        armOf.set(session, arm ?? '');
      }
    const share = [...armOf.values()].filter((arm) => arm === 'coder').length / SESSIONS;
    expect(Math.abs(share - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / SESSIONS));

    const metrics = sink.metrics();
    expect(metrics).toHaveLength(2 * SESSIONS);
    for (const metric of metrics) expect(metric.variant).toEqual({ experiment: 'biomedical', arm: metric.target });
    // A task without a split records no variant.
    await orchestrator.generate({ task_type: 'documentation', prompt: 'Describe FastQC', max_tokens: 2 });
    expect(sink.metrics().at(-1)?.variant).toBeUndefined();
    const cloudAfter = (fleet.cloud?.openai.connectionCount() ?? 0) + (fleet.cloud?.anthropic.connectionCount() ?? 0);
    expect(cloudAfter).toBe(cloudBefore);
  });
});
