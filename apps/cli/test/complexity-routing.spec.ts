import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startCliFleet, type CliFleet } from './cli-fleet.js';
import { startServe } from './serve-harness.js';

// Complexity routing end to end: `route`, `ask`, `complexity calibrate` and `complexity train` as
// real processes against a simulated fleet and simulated cloud APIs that count every connection.
const KEY = 'sk-COMPLEXITY-distinctive-31337-key';
const EASY = 'Run FastQC on my FASTQ files';
const HARD =
  'Design an integration workflow for three RNA-seq cohorts sequenced on different platforms with different library kits. ' +
  'First harmonise alignment and quantification, then correct batch effects without removing the disease effect, and explain ' +
  'how to check that the correction kept the biology. Which covariates must the model include, and how should we handle a ' +
  'cohort whose samples are confounded with sequencing batch? Compare two strategies and recommend one.';
let cli: CliFleet;

/** Writes a profile on the fleet's roles; returns its path. */
const writeProfile = (name: string, body: string): string => cli.writeProfile(name, `${cli.endpoints}\n${body}`);
const biopipe = (args: string[], input?: string) => cli.biopipe(args, { input });

beforeAll(async () => {
  cli = await startCliFleet({ prefix: 'biopipe-complexity-', key: KEY, env: { ANTHROPIC_API_KEY: KEY } });
  writeProfile(
    'cx_hybrid',
    `allow_cloud: true
task_routing: { "*": generalist, orchestration: cloud }
fallback: [sim-deepseek]
${cli.simDeepseek}
complexity_routing:
  tasks:
    orchestration: { weak: generalist, strong: cloud, threshold: 0.45 }
`,
  );
  // The semantic signal on, with a timeout that fits a cold process (it embeds the banks first).
  writeProfile(
    'cx_semantic',
    `allow_cloud: true
task_routing: { "*": generalist, orchestration: cloud, embeddings: embeddings }
fallback: [sim-deepseek]
${cli.simDeepseek}
complexity_routing:
  semantic: { timeout_ms: 5000 }
  tasks:
    orchestration: { weak: generalist, strong: cloud, threshold: 0.45 }
`,
  );
  // PHI-safe, with every task under complexity routing and thresholds at both extremes.
  writeProfile(
    'cx_local',
    `allow_cloud: false
task_routing: { "*": generalist }
complexity_routing:
  tasks:
    orchestration: { weak: generalist, strong: coder, threshold: 0 }
    biomedical: { weak: generalist, strong: math, threshold: 1 }
    code_generation: { weak: coder, strong: generalist, target_strong_share: 0.5 }
`,
  );
});
afterAll(() => cli.stop());

describe('complexity routing in the CLI', () => {
  it('route --json keeps an easy orchestration prompt local and sends a multi-cohort design to the cloud', async () => {
    const easy = await biopipe(['--json', '-s', 'cx_hybrid', 'route', '--task', 'orchestration', EASY]);
    expect(easy.code).toBe(0);
    const plan = JSON.parse(easy.stdout) as Record<string, unknown>;
    expect(plan).toMatchObject({
      target: 'generalist',
      rule: 'complexity_routing.tasks.orchestration.weak',
      complexity: { threshold: 0.45, decision: 'weak', features: { tools: expect.any(Number) } },
    });
    const hard = await biopipe(['--json', '-s', 'cx_hybrid', 'route', '--task', 'orchestration', HARD]);
    expect(JSON.parse(hard.stdout)).toMatchObject({ target: 'cloud', complexity: { decision: 'strong' } });
    const other = await biopipe(['--json', '-s', 'cx_hybrid', 'route', '--task', 'documentation', HARD]);
    expect(JSON.parse(other.stdout)).toMatchObject({ target: 'generalist', complexity: null });
  });

  it('route --json shows the semantic signal, read on the local embeddings role, and contacts no cloud host', async () => {
    const before = cli.cloudConnections();
    const embeddings = cli.fleet.roles['embeddings']?.handle;
    const calls = (): number => embeddings?.stats().requests['/v1/embeddings'] ?? 0;
    const callsBefore = calls();
    const routed = await biopipe(['--json', '-s', 'cx_semantic', 'route', '--task', 'orchestration', EASY]);
    expect(routed.code).toBe(0);
    const plan = JSON.parse(routed.stdout) as { complexity: { semantic: unknown; features: Record<string, number> } };
    expect(plan.complexity.semantic).toEqual({ status: 'used' });
    expect(plan.complexity.features['semantic_easy']).toBeGreaterThan(plan.complexity.features['semantic_hard'] ?? 1);
    expect(plan.complexity.features['semantic_logit']).toBeLessThan(0);
    // The banks (two batches) and the prompt.
    expect(calls() - callsBefore).toBe(3);
    const text = await biopipe(['-s', 'cx_semantic', 'route', '--task', 'orchestration', EASY]);
    expect(text.stdout).toMatch(/complexity +kept local \(complexity 0\.\d\d < 0\.45, semantic -\d\.\d\d\)/);
    expect(cli.cloudConnections()).toBe(before);
  });

  it('serve embeds the semantic banks before it listens, so the first request embeds only its prompt', async () => {
    const embeddings = cli.fleet.roles['embeddings']?.handle;
    const calls = (): number => embeddings?.stats().requests['/v1/embeddings'] ?? 0;
    const callsBefore = calls();
    const server = await startServe(
      { configDir: cli.configDir, home: cli.home },
      { strategy: 'cx_semantic', env: cli.env },
    );
    try {
      // Read once the "listening" line is out, before any request: the banks (two batches) are in.
      expect(calls() - callsBefore).toBe(2);
      const response = await fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-biopipe-task': 'orchestration' },
        body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: EASY }] }),
      });
      expect(response.status).toBe(200);
      expect(calls() - callsBefore).toBe(3);
    } finally {
      await server.stop();
    }
  });

  it("ask's route line says why: kept local or escalated, with the score and threshold", async () => {
    const easy = await biopipe(['-s', 'cx_hybrid', 'ask', '--task', 'orchestration', EASY]);
    expect(easy.code).toBe(0);
    expect(easy.stderr).toMatch(
      /^route: cx_hybrid -> generalist \(orchestration\); kept local \(complexity 0\.\d\d < 0\.45\);/,
    );
    const before = cli.cloudConnections();
    const hard = await biopipe(['-s', 'cx_hybrid', 'ask', '--task', 'orchestration', HARD]);
    expect(hard.code).toBe(0);
    expect(hard.stderr).toMatch(
      /-> cloud \(orchestration\); escalated to cloud \(complexity \d\.\d\d >= 0\.45\); deepseek-chat/,
    );
    expect(cli.cloudConnections()).toBeGreaterThan(before);
  });

  it('keeps a PHI-safe profile off the cloud for a hard or 1 MB prompt (read from stdin), and records the scores', async () => {
    const before = cli.cloudConnections();
    const hard = await biopipe(['--json', '-s', 'cx_local', 'ask', '--task', 'orchestration', HARD]);
    expect(hard.code).toBe(0);
    expect(JSON.parse(hard.stdout)).toMatchObject({
      route: { target: 'coder', cloud: false, complexity: { decision: 'strong' } },
    });
    const huge = await biopipe(
      ['--json', '-s', 'cx_local', 'ask', '--task', 'biomedical', '-'],
      `${HARD}\n${'x'.repeat(1024 * 1024)}`,
    );
    // No candidate's context holds 1 MB: refused up front as the client's mistake (exit 2), never leaving the cluster.
    expect(huge.code).toBe(2);
    expect(JSON.parse(huge.stdout)).toMatchObject({ ok: false, error: { code: 'usage' } });
    expect(cli.cloudConnections()).toBe(before);
    const records = readFileSync(cli.metricsPath, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((record) => record['strategy_profile'] === 'cx_local');
    expect(records).toHaveLength(2);
    for (const record of records) {
      expect(record['complexity_score']).toEqual(expect.any(Number));
      expect(record['complexity_version']).toMatch(/^builtin@[0-9a-f]{8}$/);
    }
    expect(records.map((record) => [record['target'], record['complexity_decision'], record['cloud']])).toEqual([
      ['coder', 'strong', false],
      ['generalist', 'weak', false],
    ]);
  });

  it('calibrates thresholds from recorded scores, and --apply writes them into the user profile', async () => {
    const result = await biopipe(['-s', 'cx_local', 'complexity', 'calibrate', '--target-strong-share', '0.3']);
    // Two recorded scores: fewer than the 20 a threshold needs.
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Not enough recorded complexity scores');
    const lines = readFileSync(cli.metricsPath, 'utf8').trim().split('\n');
    const base = JSON.parse(lines.find((line) => line.includes('"cx_local"')) ?? '{}') as Record<string, unknown>;
    const extra = Array.from({ length: 100 }, (_, index) =>
      JSON.stringify({
        ...base,
        request_id: `cal-${index}`,
        task_type: 'orchestration',
        complexity_score: index / 100,
      }),
    );
    writeFileSync(cli.metricsPath, `${[...lines, ...extra].join('\n')}\n`);
    const calibrated = await biopipe([
      '--json',
      '-s',
      'cx_local',
      'complexity',
      'calibrate',
      '--target-strong-share',
      '0.3',
      '--apply',
    ]);
    expect(calibrated.code).toBe(0);
    const report = JSON.parse(calibrated.stdout) as {
      tasks: { task_type: string; threshold: number | null }[];
      snippet: string;
      written: string;
    };
    const orchestration = report.tasks.find((task) => task.task_type === 'orchestration');
    expect(orchestration?.threshold).toBeGreaterThan(0.6);
    expect(orchestration?.threshold).toBeLessThan(0.75);
    expect(report.snippet).toContain(
      `orchestration: { weak: generalist, strong: coder, threshold: ${orchestration?.threshold} }`,
    );
    expect(report.written).toBe(path.join(cli.configDir, 'strategies', 'cx_local.yaml'));
    const shown = await biopipe(['--json', '-s', 'cx_local', 'strategy', 'show']);
    expect(JSON.parse(shown.stdout)).toMatchObject({
      profile: { complexity_routing: { tasks: { orchestration: { threshold: orchestration?.threshold } } } },
    });
  });

  it('retrains the scorer on a user file, and reports a bad line or an out-of-range threshold with exit 2', async () => {
    const file = path.join(cli.home, 'mine.jsonl');
    const lines = [
      ...Array.from({ length: 10 }, (_, index) => ({ label: 'easy', text: `Run FastQC on sample ${index}` })),
      ...Array.from({ length: 10 }, (_, index) => ({ label: 'hard', text: `${HARD} Cohort ${index}.` })),
      { label: 'hard', text: HARD, split: 'test' },
      { label: 'easy', text: EASY, split: 'test' },
    ];
    writeFileSync(file, lines.map((line) => JSON.stringify(line)).join('\n'));
    const output = path.join(cli.home, 'weights.json');
    const trained = await biopipe(['complexity', 'train', file, '--output', output]);
    expect(trained.code).toBe(0);
    expect(trained.stdout).toContain('test split (2 prompts): ROC AUC 1.000');
    expect(trained.stdout).toContain(`weights: ${output}`);
    writeProfile(
      'cx_user',
      `allow_cloud: false\ntask_routing: { "*": generalist }\ncomplexity_routing:\n  weights: ${output}\n  tasks:\n    orchestration: { weak: generalist, strong: coder, threshold: 0.5 }\n`,
    );
    const routed = await biopipe(['--json', '-s', 'cx_user', 'route', '--task', 'orchestration', HARD]);
    expect(JSON.parse(routed.stdout)).toMatchObject({
      target: 'coder',
      complexity: { version: expect.stringMatching(/^mine@/) },
    });

    writeFileSync(file, '{"label":"easy","text":"a"}\n{"label":"hard"}\n');
    const bad = await biopipe(['complexity', 'train', file, '--output', output]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${file}:2`);

    const profile = writeProfile(
      'cx_bad',
      `allow_cloud: false\ntask_routing: { "*": generalist }\ncomplexity_routing:\n  tasks:\n    orchestration:\n      weak: generalist\n      strong: coder\n      threshold: 1.5\n`,
    );
    const invalid = await biopipe(['-s', 'cx_bad', 'route', '--task', 'orchestration', 'x']);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain(`${profile}:14`);
    expect(invalid.stderr).toContain('must be from 0 to 1');
  });
});
