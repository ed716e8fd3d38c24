import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TASK_TYPES, type RouteTarget } from '@biopipe/core';
import { startFleet, type Fleet } from '@biopipe/vllm-sim';
import { ModelOrchestrator } from '../src/index.js';
import { createMemoryMetricsSink } from '../src/testing/memory-metrics-sink.js';
import { CLOUD_ENV, SHIPPED_PROFILES, profileOnFleet } from './fleet-profiles.js';

describe('each task routed per each shipped profile, on a simulated fleet', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startFleet({ ports: 'free' });
  });
  afterAll(async () => {
    await fleet.stop();
  });

  for (const name of SHIPPED_PROFILES) {
    it(`routes every task type of ${name} to its target`, async () => {
      const config = profileOnFleet(name, fleet);
      const sink = createMemoryMetricsSink();
      const orchestrator = await ModelOrchestrator.create({ strategy: config, env: CLOUD_ENV, metricsSink: sink });
      for (const task of TASK_TYPES) {
        // The prompts below are short and easy: a task under complexity routing goes to its weak target.
        const weak = config.profile.complexity_routing?.tasks[task]?.weak;
        const target: RouteTarget =
          weak === undefined
            ? config.routeFor(task)
            : weak === 'cloud'
              ? { kind: 'cloud' }
              : { kind: 'role', role: weak };
        if (task === 'embeddings') {
          if (target.kind === 'cloud' && config.profile.embeddings_fallback.length === 0) {
            await expect(orchestrator.embed({ input: 'GC content of chr1' })).rejects.toMatchObject({
              code: 'no_backend_available',
            });
            continue;
          }
          const vectors = await orchestrator.embed({ input: ['GC content of chr1', 'read depth'] });
          if (target.kind === 'role') {
            expect(vectors).toMatchObject({
              model: 'bge-m3',
              dimensions: 1024,
              route: { target: target.role, fallback_depth: 0, cloud: false },
            });
          } else {
            // Cloud vectors only by the profile's explicit embeddings_fallback, and labelled as such.
            const cloudModel = config.cloudModel(config.profile.embeddings_fallback[0] ?? '');
            expect(vectors).toMatchObject({
              model: cloudModel.model,
              dimensions: cloudModel.dimensions,
              route: { target: 'cloud', fallback_depth: 0, cloud: true },
            });
          }
          continue;
        }
        const answer = await orchestrator.generate({
          task_type: task,
          prompt: `A ${task} request about FastQC`,
          max_tokens: 8,
        });
        if (target.kind === 'role') {
          const role = fleet.roles[target.role];
          expect(answer.route).toMatchObject({
            target: target.role,
            model: role?.servedModelName,
            endpoint: role?.url,
            fallback_depth: 0,
            cloud: false,
          });
        } else {
          expect(answer.route).toMatchObject({
            target: 'cloud',
            fallback_depth: 0,
            cloud: true,
            model: 'deepseek-chat',
            endpoint: fleet.cloud?.openai.url,
          });
        }
        expect(answer.text.length).toBeGreaterThan(0);
      }
      expect(sink.metrics()).toHaveLength(TASK_TYPES.length);
      expect(sink.metrics().every((metric) => metric.strategy_profile === name)).toBe(true);
    });
  }

  it('sends nothing to the cloud for t4_local_only, even with every cloud key set', async () => {
    const before = (fleet.cloud?.openai.connectionCount() ?? 0) + (fleet.cloud?.anthropic.connectionCount() ?? 0);
    const orchestrator = await ModelOrchestrator.create({
      strategy: profileOnFleet('t4_local_only', fleet),
      env: CLOUD_ENV,
    });
    for (const task of TASK_TYPES) {
      if (task === 'embeddings') await orchestrator.embed({ input: 'x' });
      else await orchestrator.generate({ task_type: task, prompt: 'x', max_tokens: 4 });
    }
    expect((fleet.cloud?.openai.connectionCount() ?? 0) + (fleet.cloud?.anthropic.connectionCount() ?? 0)).toBe(before);
  });
});
