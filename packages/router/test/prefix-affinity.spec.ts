import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { TemplateRegistry, UsageError, type RoutingDecision } from '@biopipe/core';
import { ModelOrchestrator } from '../src/index.js';
import { createMemoryMetricsSink } from '../src/testing/memory-metrics-sink.js';
import { CLOUD_ENV } from './fleet-profiles.js';
import { startTestFleet, testProfile, type TestFleet } from './test-fleet.js';

const WORKFLOW = 'Samplesheet for workflow 12: sample,fastq_1,fastq_2 with 48 paired RNA-seq libraries. '.repeat(30);

type Seen = { replica: number; messages: { role: string; content: string }[] }[];

/** The chat messages the replicas received since `mark` (request counts per replica), in arrival order. */
function received(fleet: TestFleet, mark: readonly number[]): Seen {
  return fleet.replicas
    .flatMap((replica, index) =>
      replica.requests
        .slice(mark[index] ?? 0)
        .filter((request) => request.path === '/v1/chat/completions')
        .map((request, order) => ({
          replica: index,
          order: request.receivedAt * 1000 + order,
          messages: (request.body as { messages: { role: string; content: string }[] }).messages,
        })),
    )
    .sort((left, right) => left.order - right.order)
    .map(({ replica, messages }) => ({ replica, messages }));
}

describe('prefix-aware replica choice and context templates on a simulated fleet', () => {
  let fleet: TestFleet;
  beforeAll(async () => {
    fleet = await startTestFleet();
  });
  afterEach(() => {
    for (const server of fleet.replicas) {
      server.clearFaults();
    }
  });
  afterAll(async () => {
    await fleet.stop();
  });

  let mark: number[] = [];
  const seen = (): Seen => received(fleet, mark);
  const create = async (overrides: Record<string, unknown> = {}) => {
    mark = fleet.replicas.map((replica) => replica.requests.length);
    const sink = createMemoryMetricsSink();
    const orchestrator = await ModelOrchestrator.create({
      strategy: testProfile(fleet, {
        allowCloud: false,
        overrides: { debug_routing: true, templates: { orchestration: 'orchestration-plan' }, ...overrides },
      }),
      env: CLOUD_ENV,
      fleet: null,
      metricsSink: sink,
      templates: new TemplateRegistry({ env: {} }),
      scrapeReplicaLoad: true,
    });
    return { orchestrator, sink };
  };

  it('keeps a workflow on one replica, applies the profile template first, and shows the match in the decision', async () => {
    const { orchestrator, sink } = await create();
    for (const question of ['Which aligner?', 'Which reference build?', 'Which MultiQC modules?'])
      await orchestrator.generate({ task_type: 'orchestration', system: WORKFLOW, prompt: question });
    const sent = seen();
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((entry) => entry.replica)).size).toBe(1);
    const system = sent[0]?.messages[0];
    expect(system?.role).toBe('system');
    expect(
      system?.content.startsWith('[biopipe context template orchestration-plan@1]\nYou are the workflow planner'),
    ).toBe(true);
    expect(system?.content.endsWith(WORKFLOW)).toBe(true);
    const decisions = sink.records.filter((record): record is RoutingDecision => record.type === 'routing_decision');
    const last = decisions.at(-1)?.candidates.find((candidate) => candidate.chosen);
    expect(last?.prefix_blocks_matched).toBeGreaterThan(0);
    expect(last?.prefix_blocks_matched).toBeLessThanOrEqual(last?.prefix_blocks_total ?? 0);
    expect(JSON.stringify(decisions)).not.toContain('Which aligner');
  });

  it('leaves an OpenAI client system prompt alone when neither the profile nor the request asks', async () => {
    const { orchestrator } = await create();
    await orchestrator.generate({ task_type: 'documentation', system: 'My own prompt.', prompt: 'Hi' });
    await orchestrator.generate({ task_type: 'orchestration', template: 'none', system: 'Mine too.', prompt: 'Hi' });
    expect(seen().map((entry) => entry.messages[0]?.content)).toEqual(['My own prompt.', 'Mine too.']);
    await orchestrator.generate({ task_type: 'documentation', template: 'biomedical-qa', prompt: 'Hi' });
    expect(seen().at(-1)?.messages[0]?.content).toMatch(/^\[biopipe context template biomedical-qa@1\]\n/);
    await expect(
      orchestrator.generate({ task_type: 'documentation', template: 'biomedical-qs', prompt: 'Hi' }),
    ).rejects.toThrow(UsageError);
  });

  it('moves a workflow off its replica when that replica fails, and a PHI-safe profile still contacts no cloud', async () => {
    const { orchestrator } = await create();
    await orchestrator.generate({ task_type: 'orchestration', system: WORKFLOW, prompt: 'first' });
    const holder = seen()[0]?.replica as number;
    fleet.replicas[holder]?.setFaults({ fail: { status: 503 } });
    const before = fleet.cloudConnections();
    for (const question of ['second', 'third', 'fourth'])
      await orchestrator.generate({ task_type: 'orchestration', system: WORKFLOW, prompt: question });
    const served = seen().slice(1);
    expect(served.filter((entry) => entry.replica !== holder).length).toBeGreaterThanOrEqual(3);
    expect(fleet.cloudConnections()).toBe(before);
  });
});
