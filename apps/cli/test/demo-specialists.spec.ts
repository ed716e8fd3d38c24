import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { StrategyConfig, loadFleetManifest } from '@biopipe/core';
import { runProcess, type ProcessResult } from '@biopipe/core/testing';

// `npm run demo:specialists` end to end (issue 18's "Done when"), as one real process: the simulated
// fleet, `biopipe eval`, `eval triggers --apply`, `biopipe serve` on the written profile, feedback and
// the metrics report. `--dir` keeps its files so the test reads what it wrote instead of its prose.
const ROOT = path.resolve(import.meta.dirname, '../../..');
const DEMO = path.join(ROOT, 'tools/scripts/demo-specialists.mjs');
const REPORT = path.join(ROOT, 'apps/metrics-report/dist/main.js');

interface Arm {
  arm: string;
  requests: number;
  feedback: { good: number; bad: number };
}
interface Comparison {
  verdict: { better: string | null; metric: string | null; p_value: number | null; text: string };
}

let dir: string;
let demo: ProcessResult;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'biopipe-demo-specialists-'));
  demo = await runProcess(process.execPath, [DEMO, '--dir', dir], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: dir },
  });
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run demo:specialists', () => {
  it('exits 0 after eval finds the generalist under 85% and the biomed trigger fires', () => {
    expect({ code: demo.code, stderr: demo.stderr }).toEqual({ code: 0, stderr: '' });
    expect(demo.stdout).toMatch(/biomed {2}FIRES {2}biomedical accuracy \d+\.\d% \(\d+\/62\), 95% interval/);
    expect(demo.stdout).toContain("the interval's upper end is below 85%");
  });

  it('writes a profile with the 50/50 biomedical split that loads as one', () => {
    const file = path.join(dir, 'config', 'strategies', 'cluster.yaml');
    const text = readFileSync(file, 'utf8');
    const written = parse(text) as { task_routing: Record<string, unknown> };
    expect(written.task_routing['biomedical']).toEqual({ split: { generalist: 50, biomed: 50 }, sticky: 'session' });
    expect(StrategyConfig.fromString(text, file).splitFor('biomedical')).toEqual({
      experiment: 'biomedical',
      settings: { split: { generalist: 50, biomed: 50 }, sticky: 'session' },
    });
  });

  it('serves both arms, joins every rating, and the report names biomed better with p < 0.05', async () => {
    const metrics = readFileSync(path.join(dir, 'state', 'routing_metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { target: string; model_used: string | null });
    const targets = new Set(metrics.map((record) => record.target));
    expect([...targets].sort()).toEqual(['biomed', 'generalist']);
    // biopipe serve read the specialists overlay (BIOPIPELINES_FLEET_FILE), so it knew biomed's model.
    const overlay = loadFleetManifest(path.join(ROOT, 'config', 'fleet.specialists.yaml'));
    const biomedModels = new Set(
      metrics.filter((record) => record.target === 'biomed').map((record) => record.model_used),
    );
    expect([...biomedModels]).toEqual([overlay.roles['biomed']?.served_model_name]);
    const result = await runProcess(
      process.execPath,
      [REPORT, '--file', path.join(dir, 'state', 'routing_metrics.jsonl'), '--format', 'json'],
      { env: { PATH: process.env['PATH'] ?? '', HOME: dir } },
    );
    expect(result.code).toBe(0);
    const { variants } = JSON.parse(result.stdout) as {
      variants: {
        feedback: { matched: number; unmatched: number };
        experiments: { experiment: string; arms: Arm[]; comparisons: Comparison[] }[];
      };
    };
    expect(variants.feedback).toMatchObject({ matched: metrics.length, unmatched: 0 });
    const [experiment] = variants.experiments;
    expect(experiment?.experiment).toBe('biomedical');
    for (const arm of experiment?.arms ?? []) expect(arm.requests).toBeGreaterThanOrEqual(30);
    expect(experiment?.arms.map((arm) => arm.arm).sort()).toEqual(['biomed', 'generalist']);
    const verdict = experiment?.comparisons[0]?.verdict;
    expect(verdict).toMatchObject({ better: 'biomed', metric: 'feedback_score' });
    expect(verdict?.p_value).toBeLessThan(0.05);
    // The demo prints the same verdict the JSON holds.
    expect(demo.stdout).toContain(`Verdict: ${verdict?.text ?? ''}`);
  });
});
