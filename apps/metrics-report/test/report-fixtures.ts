import { runProcess, type ProcessResult } from '@biopipe/core/testing';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createRoutingDecision, createRoutingMetric, createSeededRandom } from '@biopipe/metrics/testing';

export const WORKSPACE_ROOT = path.resolve(import.meta.dirname, '../../..');
/** The built CLI (the `test` target builds first). */
export const CLI = path.join(WORKSPACE_ROOT, 'apps/metrics-report/dist/main.js');

const TASKS = ['intent_parsing', 'code_generation', 'embeddings', 'math_statistics', 'documentation'];
const MODELS = ['qwen2.5-7b-instruct', 'qwen2.5-coder-7b-instruct', 'deepseek-chat'];

/** `count` realistic records spread over the `hours` before `now`, one decision every 20, as JSONL. */
export function createMetricsLines(options: { count: number; now: number; hours: number; seed?: number }): string {
  const random = createSeededRandom(options.seed ?? 5);
  const lines: string[] = [];
  for (let index = 0; index < options.count; index += 1) {
    const time =
      options.now -
      options.hours * 3_600_000 +
      Math.floor(((index + random()) / options.count) * options.hours * 3_600_000);
    const model = MODELS[Math.floor(random() * MODELS.length)] ?? null;
    const success = random() > 0.05;
    const depth = random() < 0.85 ? 0 : 1 + Math.floor(random() * 2);
    const metric = createRoutingMetric({
      request_id: `req-${index}`,
      timestamp: new Date(time).toISOString(),
      task_type: TASKS[Math.floor(random() * TASKS.length)] ?? 'safety',
      model_used: model,
      cloud: model === 'deepseek-chat',
      fallback_depth: depth,
      latency_ms: Math.round(200 + random() * 5000) / 10 + depth * 300,
      ttft_ms: random() < 0.3 ? null : Math.round(random() * 3000) / 10,
      success,
      error_class: success ? null : random() < 0.5 ? 'http-503' : 'timeout-first-token',
      // The fixture's 30 prompt and 200 completion tokens at deepseek-v3's catalogue price.
      cost_usd: model === 'deepseek-chat' && success ? (30 * 0.28 + 200 * 0.42) / 1e6 : 0,
    });
    lines.push(JSON.stringify(metric));
    if (index % 20 === 0)
      lines.push(JSON.stringify(createRoutingDecision({ timestamp: metric.timestamp, request_id: metric.request_id })));
  }
  return `${lines.join('\n')}\n`;
}

export async function writeMetricsFile(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
}

export type CommandResult = ProcessResult;

/** Runs a command as a real process and collects its output. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CommandResult> {
  return runProcess(command, args, { cwd: options.cwd ?? WORKSPACE_ROOT, env: { ...process.env, ...options.env } });
}

/** Runs the built report CLI. */
export function runReportCli(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CommandResult> {
  return runCommand(process.execPath, [CLI, ...args], options);
}
