import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startCliFleet, type CliFleet } from './cli-fleet.js';
import { startServe } from './serve-harness.js';

// The PHI guard and the cloud budget as users meet them: real `biopipe` processes, a simulated fleet
// and simulated cloud on free ports, and the one ledger file every process adds to.
const KEY = 'sk-PHI-budget-distinctive-31337';
const PHI = 'Plan a variant-calling workflow for patient John Smith (MRN 00452187), DOB 03/14/1961.';
const CLEAN = 'Plan a variant-calling workflow for sample NA12878 sequenced 2024-05-01.';
let cli: CliFleet;

function writeProfile(name: string, extra: string): void {
  cli.writeProfile(
    name,
    `allow_cloud: true
${cli.endpoints}
task_routing: { "*": generalist, orchestration: cloud, embeddings: embeddings }
timeouts: { connect_ms: 500, first_token_ms: 1000, idle_ms: 1000 }
fallback: [sim-deepseek]
${cli.simDeepseek}
cloud_prices:
  sim-deepseek: { input_usd_per_mtok: 1000, output_usd_per_mtok: 2000, as_of: 2026-12-01 }
${extra}
`,
  );
}

const biopipe = (args: string[]) => cli.biopipe(args);
const ledger = (): { days: Record<string, number> } =>
  JSON.parse(readFileSync(path.join(cli.home, 'state', 'cloud-spend.json'), 'utf8')) as {
    days: Record<string, number>;
  };

beforeAll(async () => {
  cli = await startCliFleet({ prefix: 'biopipe-phi-budget-', key: KEY });
  writeProfile('guarded', '');
  // Any cloud answer at these prices costs more than the limit, so the first cloud request crosses it.
  writeProfile('budgeted', 'budget: { daily_usd: 0.000001, monthly_usd: 100 }');
  writeProfile('budget-block', 'budget: { daily_usd: 0.000001, monthly_usd: 100, on_exceeded: block }');
});
afterEach(() => {
  for (const role of Object.values(cli.fleet.roles)) role.handle.clearFaults();
});
afterAll(() => cli.stop());

describe('the PHI guard from the CLI', () => {
  it('route --json shows the categories and the local target, never the text', async () => {
    const result = await biopipe(['-s', 'guarded', '--json', 'route', '--task', 'orchestration', PHI]);
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(plan).toMatchObject({ target: 'generalist', narrowed_by: 'phi', phi_guard: { flagged: true } });
    expect(plan['phi_guard']).toEqual({ flagged: true, categories: ['name', 'birth_date', 'mrn'] });
    expect(result.stdout).not.toContain('00452187');
    const clean = JSON.parse(
      (await biopipe(['-s', 'guarded', '--json', 'route', '--task', 'orchestration', CLEAN])).stdout,
    );
    expect(clean).toMatchObject({ target: 'cloud', phi_guard: { flagged: false, categories: [] } });
  });

  it('ask with the fleet down exits 3 with "held on the cluster" and opens no cloud connection', async () => {
    for (const role of Object.values(cli.fleet.roles)) role.handle.setFaults({ refuseConnections: true });
    const before = cli.cloudConnections();
    const result = await biopipe(['-s', 'guarded', 'ask', '--task', 'orchestration', PHI]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      'held on the cluster: the prompt contains patient identifiers (patient name, date of birth, MRN)',
    );
    expect(result.stderr).not.toContain('00452187');
    expect(cli.cloudConnections()).toBe(before);
    const clean = await biopipe(['-s', 'guarded', 'ask', '--task', 'orchestration', CLEAN]);
    expect(clean.code).toBe(0);
    expect(cli.cloudConnections()).toBeGreaterThan(before);
  });
});

describe('a cloud budget across processes', () => {
  it('counts the spend of two processes crossing the budget at once, then keeps requests local', async () => {
    const [first, second] = await Promise.all([
      biopipe(['-s', 'budgeted', 'ask', '--task', 'orchestration', CLEAN]),
      biopipe(['-s', 'budgeted', 'ask', '--task', 'orchestration', CLEAN]),
    ]);
    expect([first.code, second.code]).toEqual([0, 0]);
    const metrics = readFileSync(cli.metricsPath, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { strategy_profile: string; cost_usd: number; cloud: boolean })
      .filter((metric) => metric.strategy_profile === 'budgeted');
    const spent = metrics.reduce((sum, metric) => sum + metric.cost_usd, 0);
    // Whichever checked the ledger before the other's answer was counted went to the cloud (the budget
    // is checked before a request, not reserved), so one or both did; every cloud answer has a cost.
    const cloud = metrics.filter((metric) => metric.cloud);
    expect(cloud.length).toBeGreaterThanOrEqual(1);
    for (const metric of cloud) expect(metric.cost_usd).toBeGreaterThan(0);
    // Neither addition was lost to the other: the ledger holds exactly what both metrics say.
    const today = new Date().toISOString().slice(0, 10);
    expect(ledger().days[today]).toBeCloseTo(spent, 12);

    const before = cli.cloudConnections();
    const third = await biopipe(['-s', 'budgeted', 'ask', '--task', 'orchestration', CLEAN]);
    expect(third.code).toBe(0);
    expect(third.stderr).toMatch(/^route: budgeted -> generalist \(orchestration\);.*; budget exceeded: \$\d/m);
    expect(cli.cloudConnections()).toBe(before);

    const plan = JSON.parse(
      (await biopipe(['-s', 'budgeted', '--json', 'route', '--task', 'orchestration', CLEAN])).stdout,
    );
    expect(plan).toMatchObject({ target: 'generalist', narrowed_by: 'budget', budget: { state: 'exceeded' } });

    const status = JSON.parse((await biopipe(['-s', 'budgeted', '--json', 'status'])).stdout) as {
      budget: { state: string; day_usd: number; daily_usd: number };
    };
    expect(status.budget).toMatchObject({ state: 'exceeded', daily_usd: 0.000001 });
    expect(status.budget.day_usd).toBeCloseTo(spent, 12);
  });
});

describe('a cloud spend ledger that cannot be read', () => {
  // Each odd ledger the file reader refuses, and the reason it gives.
  const odd: [string, (file: string) => void, RegExp][] = [
    ['a FIFO', (file) => execFileSync('mkfifo', [file]), /it is a named pipe \(FIFO\), not a regular file/],
    ['a directory', (file) => mkdirSync(file), /it is a directory, not a regular file/],
    ['garbage', (file) => writeFileSync(file, '{"days": {"2026-'), /it is not a valid cloud spend ledger/],
    ['a huge file', (file) => writeFileSync(file, ' '.repeat(2 * 1024 * 1024)), /it is larger than 1048576 bytes/],
  ];
  /** A fresh state dir holding the odd ledger, and a runner whose processes use it. */
  const oddLedger = (make: (file: string) => void) => {
    const state = path.join(cli.home, 'odd-state');
    const file = path.join(state, 'cloud-spend.json');
    rmSync(state, { recursive: true, force: true });
    mkdirSync(state, { recursive: true });
    make(file);
    const metricsPath = path.join(state, 'metrics.jsonl');
    const run = (profile: string, args: string[]) =>
      cli.biopipe(['-s', profile, ...args], {
        env: { BIOPIPELINES_STATE_DIR: state, BIOPIPELINES_METRICS_PATH: metricsPath },
      });
    return { file, state, metricsPath, run };
  };
  const hintOf = (file: string) => `Move it aside to start a new ledger (mv ${file} ${file}.bad).`;

  it('closes the cloud and keeps local work going under on_exceeded: local_only, saying why and how to reset it', async () => {
    for (const [kind, make, reason] of odd) {
      const { file, metricsPath, run } = oddLedger(make);
      const before = cli.cloudConnections();

      const ask = await run('budgeted', ['ask', '--task', 'orchestration', CLEAN]);
      expect({ kind, code: ask.code, stderr: ask.stderr }).toMatchObject({ kind, code: 0 });
      expect(ask.stdout.trim()).not.toBe('');
      expect(ask.stderr).toMatch(
        /^route: budgeted -> generalist \(orchestration\);.*; budget exceeded: spend unknown: cannot read /m,
      );
      expect(ask.stderr).toContain(`cannot read ${file} (`);
      expect(ask.stderr).toMatch(reason);
      expect(ask.stderr).toContain(hintOf(file));
      expect(ask.stderr).toContain('lifts the budget');
      const metric = JSON.parse(readFileSync(metricsPath, 'utf8').trim().split('\n').at(-1) ?? '{}') as Record<
        string,
        unknown
      >;
      expect(metric).toMatchObject({ success: true, cloud: false, budget_exceeded: true, cost_usd: 0 });

      const plan = await run('budgeted', ['--json', 'route', '--task', 'orchestration', CLEAN]);
      expect(plan.code).toBe(0);
      expect(JSON.parse(plan.stdout)).toMatchObject({
        target: 'generalist',
        narrowed_by: 'budget',
        budget: { state: 'exceeded', day_usd: null, month_usd: null, unreadable: expect.stringMatching(reason) },
      });
      const text = await run('budgeted', ['route', '--task', 'orchestration', CLEAN]);
      expect(text.stdout).toContain(`budget     EXCEEDED: spend unknown: cannot read ${file} (`);
      expect(text.stdout).toContain(hintOf(file));

      const status = await run('budgeted', ['--json', 'status']);
      expect({ kind, code: status.code }).toEqual({ kind, code: 0 });
      expect(JSON.parse(status.stdout)).toMatchObject({
        budget: {
          state: 'exceeded',
          day_usd: null,
          unreadable: expect.stringContaining(file),
          hint: expect.stringContaining(hintOf(file)),
        },
      });
      const table = await run('budgeted', ['status']);
      expect(table.code).toBe(0);
      expect(table.stdout).toContain(`Cloud spend  spend unknown: cannot read ${file} (`);
      expect(table.stdout).toContain(hintOf(file));

      expect(cli.cloudConnections()).toBe(before);
    }
  });

  it('refuses a cloud-first task under on_exceeded: block naming the file, and serves a local-routed one', async () => {
    for (const [kind, make, reason] of odd) {
      const { file, run } = oddLedger(make);
      const before = cli.cloudConnections();
      const refused = await run('budget-block', ['ask', '--task', 'orchestration', CLEAN]);
      expect({ kind, code: refused.code }).toEqual({ kind, code: 3 });
      expect(refused.stderr).toContain(`cloud budget exceeded (spend unknown: cannot read ${file} (`);
      expect(refused.stderr).toMatch(reason);
      expect(refused.stderr).toContain(hintOf(file));
      const local = await run('budget-block', ['ask', '--task', 'documentation', CLEAN]);
      expect({ kind, code: local.code }).toEqual({ kind, code: 0 });
      expect(local.stderr).toMatch(/^route: budget-block -> generalist \(documentation\);.*; budget exceeded: /m);
      expect(cli.cloudConnections()).toBe(before);
    }
  });

  it('the gateway serves locally, warns once per distinct error, and records budget_exceeded', async () => {
    const { file, state, metricsPath } = oddLedger((file) => writeFileSync(file, '{"days": {"2026-'));
    const gateway = await startServe(
      { configDir: cli.configDir, home: cli.home },
      {
        strategy: 'budgeted',
        env: { DEEPSEEK_API_KEY: KEY, BIOPIPELINES_STATE_DIR: state, BIOPIPELINES_METRICS_PATH: metricsPath },
      },
    );
    try {
      const before = cli.cloudConnections();
      for (let index = 0; index < 3; index++) {
        const response = await fetch(`${gateway.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-biopipe-task': 'orchestration' },
          body: JSON.stringify({ model: 'biopipe', messages: [{ role: 'user', content: CLEAN }] }),
        });
        expect(response.status).toBe(200);
        expect(response.headers.get('x-biopipe-route-target')).toBe('generalist');
        await response.text();
      }
      expect(cli.cloudConnections()).toBe(before);
      const { stderr } = gateway.output();
      const warnings = stderr.split('\n').filter((line) => line.includes('cloud spend ledger unreadable'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(file);
      expect(warnings[0]).toContain(`mv ${file} ${file}.bad`);
    } finally {
      expect(await gateway.stop()).toBe(0);
    }
    const metrics = readFileSync(metricsPath, 'utf8').trim().split('\n');
    expect(metrics).toHaveLength(3);
    for (const line of metrics)
      expect(JSON.parse(line)).toMatchObject({ success: true, cloud: false, budget_exceeded: true });
  });
});
