import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BiopipeError, MetricsSink } from '@biopipe/core';
import { createJsonlMetricsSink } from '@biopipe/metrics';
import { ModelOrchestrator, type RouteReport } from '@biopipe/router';
import { DEVELOPMENT_LATENCY, startFleet, type Fleet } from '@biopipe/vllm-sim';
import { formatJson, paint, type Output } from '../output.js';
import { withSpinner } from '../spinner.js';
import { printDemoSummary, summarizeDemoMetrics } from './demo-summary.js';
import { DEMO_HYBRID, DEMO_LOCAL_ONLY, writeDemoProfiles } from './demo-profiles.js';

const PROMPTS: Record<string, string> = {
  code_generation: 'Write a Snakemake rule that runs FastQC on every FASTQ file.',
  math_statistics: 'Which test compares expression between two conditions with replicates?',
  documentation: 'Summarise what a BAM index is for.',
  orchestration: 'Plan an RNA-seq workflow from raw reads to a count matrix.',
  data_analysis: 'Describe the columns of a featureCounts output table.',
};

function routeLine(route: RouteReport): string {
  const where = route.cloud
    ? `cloud (${route.target === 'cloud' ? 'task routed to the cloud' : `fallback from ${route.target}`})`
    : route.target;
  return `${where} · ${route.model ?? '?'} · depth ${route.fallback_depth} · ${Math.round(route.latency_ms)} ms`;
}

function preview(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `"${line.slice(0, 57)}..."` : `"${line}"`;
}

/** The tour's steps: printed as they happen, or kept for one JSON document under `--json`. */
class Tour {
  readonly steps: { title: string; lines: string[] }[] = [];
  constructor(private readonly output: Output) {}
  heading(text: string): void {
    this.steps.push({ title: text, lines: [] });
    if (!this.output.json) this.output.out(`\n${paint(this.output, 'bold', `${this.steps.length}. ${text}`)}`);
  }
  line(text: string): void {
    this.steps[this.steps.length - 1]?.lines.push(text);
    if (!this.output.json) this.output.out(`   ${text}`);
  }
  /** A request that was refused, named by its task like every other request line. */
  failure(task: string, error: BiopipeError): void {
    this.line(`${task.padEnd(16)} -> ${paint(this.output, 'red', 'refused:')} ${error.message}`);
  }
}

async function ask(orchestrator: ModelOrchestrator, tour: Tour, task: string): Promise<void> {
  const result = await orchestrator.generate({ task_type: task, prompt: PROMPTS[task] ?? task, max_tokens: 24 });
  tour.line(`${task.padEnd(16)} -> ${routeLine(result.route)}  ${preview(result.text)}`);
}

function cloudConnections(fleet: Fleet): number {
  return (fleet.cloud?.openai.connectionCount() ?? 0) + (fleet.cloud?.anthropic.connectionCount() ?? 0);
}

/**
 * `biopipe demo`: starts the simulated development fleet on free ports, tours routing, fallback, the
 * PHI guarantee and a strategy switch with real requests, prints the metrics they produced, and
 * stops everything it started.
 */
export async function runDemo(output: Output): Promise<number> {
  const workDir = mkdtempSync(path.join(tmpdir(), 'biopipe-demo-'));
  let fleet: Fleet | undefined;
  let sink: MetricsSink | undefined;
  try {
    fleet = await withSpinner(
      'starting the simulated fleet',
      startFleet({ ports: 'free', latency: DEVELOPMENT_LATENCY }),
    );
    const registry = writeDemoProfiles(workDir, fleet);
    const metricsPath = path.join(workDir, 'routing_metrics.jsonl');
    sink = createJsonlMetricsSink({ path: metricsPath });
    const env = { BIOPIPELINES_SIM_CLOUD_KEY: 'demo-key' };
    const orchestrator = await ModelOrchestrator.create({
      strategy: DEMO_HYBRID,
      registry,
      env,
      metricsSink: sink,
      fleet: fleet.manifest,
    });
    const tour = new Tour(output);

    tour.heading('A simulated T4 fleet and cloud on this machine, started just now');
    for (const [role, endpoint] of Object.entries(fleet.roles))
      tour.line(`${role.padEnd(11)} ${endpoint.url}  ${endpoint.servedModelName}`);
    tour.line(
      `cloud       ${fleet.cloud?.openai.url} (DeepSeek-style), ${fleet.cloud?.anthropic.url} (Anthropic-style); any key in BIOPIPELINES_SIM_CLOUD_KEY`,
    );

    tour.heading(`Each task type goes to its role (strategy ${DEMO_HYBRID}, cloud allowed)`);
    for (const task of ['code_generation', 'math_statistics', 'documentation', 'orchestration'])
      await ask(orchestrator, tour, task);
    const embedded = await orchestrator.embed({ input: ['BRCA1 variant', 'TP53 mutation'] });
    tour.line(
      `${'embeddings'.padEnd(16)} -> ${routeLine(embedded.route)}  ${embedded.vectors.length} vectors of ${embedded.dimensions} dimensions from ${embedded.model}`,
    );

    tour.heading('The generalist server dies in the middle of an answer');
    const stream = orchestrator.stream({
      task_type: 'data_analysis',
      prompt: PROMPTS['data_analysis'] ?? '',
      max_tokens: 200,
    });
    let received = 0;
    let streamError: BiopipeError | undefined;
    const generalist = fleet.roles['generalist']?.handle;
    for await (const part of stream) {
      if (part.type === 'text-delta') {
        received += 1;
        if (received === 10) void generalist?.kill();
      }
      if (part.type === 'error') streamError = part.error;
    }
    const streamed = (await stream.route).target;
    tour.line(
      `${'data_analysis'.padEnd(16)} -> ${streamed} · streamed ${received} chunks, then: ${streamError === undefined ? 'completed' : paint(output, 'yellow', streamError.message)}`,
    );
    tour.line('(after the first token biopipe never switches models silently: the cut is reported, not hidden)');
    await ask(orchestrator, tour, 'documentation');
    await ask(orchestrator, tour, 'data_analysis');
    tour.line('(the second request skipped the dead server at once: its circuit is open)');

    tour.heading(`Switch to the PHI-safe strategy ${DEMO_LOCAL_ONLY}, with the generalist still down`);
    await orchestrator.switchStrategy(DEMO_LOCAL_ONLY);
    const before = cloudConnections(fleet);
    await ask(orchestrator, tour, 'code_generation');
    const refused = await orchestrator
      .generate({ task_type: 'documentation', prompt: PROMPTS['documentation'] ?? '' })
      .then(
        () => undefined,
        (error: unknown) => error as BiopipeError,
      );
    if (refused !== undefined) tour.failure('documentation', refused);
    tour.line(`connections to the simulated cloud during the PHI-safe requests: ${cloudConnections(fleet) - before}`);

    tour.heading(`Back to ${DEMO_HYBRID}: the cloud covers for the dead server again`);
    await orchestrator.switchStrategy(DEMO_HYBRID);
    await ask(orchestrator, tour, 'documentation');

    await sink.close();
    sink = undefined;
    if (output.json) {
      output.out(formatJson({ steps: tour.steps, metrics: await summarizeDemoMetrics(metricsPath) }));
      return 0;
    }
    tour.heading(`What the metrics say (${path.basename(metricsPath)}, what \`nx run metrics-report:analyze\` reads)`);
    await printDemoSummary(output, metricsPath);
    return 0;
  } finally {
    await sink?.close();
    await fleet?.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}
