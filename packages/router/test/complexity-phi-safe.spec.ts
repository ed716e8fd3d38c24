import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFleet, type Fleet } from '@biopipe/vllm-sim';
import { ModelOrchestrator } from '../src/index.js';
import { createMemoryMetricsSink } from '../src/testing/memory-metrics-sink.js';
import { CLOUD_ENV, profileOnFleet } from './fleet-profiles.js';

// A PHI-safe profile with complexity routing may only choose between local roles: whatever the
// score (thresholds 0 and 1 force each side), whatever the prompt, and when the chosen role is
// down, not one connection reaches the simulated cloud APIs, which count every connection.
const HARD =
  'Design a germline variant calling pipeline for 2,000 exomes on SLURM with BQSR, joint genotyping in batches and VQSR; ' +
  'explain how to stage the work, resume after failures and keep the scratch under 2 TB. Compare two sharding strategies.';
const PROMPTS = [
  'Run FastQC on my FASTQ files',
  HARD,
  ' ',
  'Предложите план анализа данных секвенирования РНК; 测序数据分析流程设计?',
  'def f(x):\n    return {k: v for k, v in x.items() if v}\n'.repeat(30),
];

describe('complexity routing under a PHI-safe profile, on a simulated fleet', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startFleet({ ports: 'free' });
  });
  afterAll(async () => {
    await fleet.stop();
  });
  const cloudConnections = (): number =>
    (fleet.cloud?.openai.connectionCount() ?? 0) + (fleet.cloud?.anthropic.connectionCount() ?? 0);

  it('contacts no cloud host whatever the score, and records each score and decision', async () => {
    const config = profileOnFleet('t4_local_only', fleet, {
      complexity_routing: {
        tasks: {
          orchestration: { weak: 'generalist', strong: 'coder', threshold: 0 },
          biomedical: { weak: 'generalist', strong: 'math', threshold: 1 },
          code_generation: { weak: 'coder', strong: 'generalist', target_strong_share: 0.4 },
        },
      },
    });
    const sink = createMemoryMetricsSink();
    const orchestrator = await ModelOrchestrator.create({ strategy: config, env: CLOUD_ENV, metricsSink: sink });
    const before = cloudConnections();
    for (const task of ['orchestration', 'biomedical', 'code_generation'])
      for (const prompt of PROMPTS) {
        const answer = await orchestrator.generate({ task_type: task, prompt, max_tokens: 4 });
        expect(answer.route.cloud).toBe(false);
      }
    // The strong role failing: the request fails on the cluster instead of leaving it.
    fleet.roles['coder']?.handle.setFaults({ fail: { status: 503 } });
    try {
      await expect(
        orchestrator.generate({ task_type: 'orchestration', prompt: HARD, max_tokens: 4 }),
      ).rejects.toThrow();
    } finally {
      fleet.roles['coder']?.handle.clearFaults();
    }
    expect(cloudConnections()).toBe(before);
    const metrics = sink.metrics();
    expect(metrics).toHaveLength(3 * PROMPTS.length + 1);
    expect(metrics.every((metric) => metric.complexity_score !== null && metric.complexity_version !== null)).toBe(
      true,
    );
    const byTask = (task: string) => metrics.filter((metric) => metric.task_type === task);
    expect(byTask('orchestration').map((metric) => [metric.target, metric.complexity_decision])).toEqual(
      Array.from({ length: PROMPTS.length + 1 }, () => ['coder', 'strong']),
    );
    expect(
      byTask('biomedical').every((metric) => metric.target === 'generalist' && metric.complexity_decision === 'weak'),
    ).toBe(true);
    expect(new Set(byTask('code_generation').map((metric) => metric.target))).toEqual(new Set(['coder', 'generalist']));
  });
});
