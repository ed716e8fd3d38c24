import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startCliFleet, type CliFleet } from './cli-fleet.js';

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
  it('stops the budgeted command at once with exit 2, the file and how to reset it, and calls no cloud', async () => {
    const state = path.join(cli.home, 'odd-state');
    const file = path.join(state, 'cloud-spend.json');
    const run = (args: string[]) =>
      cli.biopipe(['-s', 'budgeted', ...args], { env: { BIOPIPELINES_STATE_DIR: state } });
    const odd: [string, () => void, RegExp][] = [
      ['a FIFO', () => execFileSync('mkfifo', [file]), /it is a named pipe \(FIFO\), not a regular file/],
      ['a directory', () => mkdirSync(file), /it is a directory, not a regular file/],
      ['garbage', () => writeFileSync(file, '{"days": {"2026-'), /it is not a valid cloud spend ledger/],
      ['a huge file', () => writeFileSync(file, ' '.repeat(2 * 1024 * 1024)), /it is larger than 1048576 bytes/],
    ];
    for (const [kind, make, reason] of odd) {
      rmSync(state, { recursive: true, force: true });
      mkdirSync(state, { recursive: true });
      make();
      const before = cli.cloudConnections();
      for (const args of [['ask', '--task', 'orchestration', CLEAN], ['status']]) {
        const result = await run(args);
        expect({ kind, args, code: result.code }).toEqual({ kind, args, code: 2 });
        expect(result.stderr).toContain(`error: Cannot read ${file}: `);
        expect(result.stderr).toMatch(reason);
        expect(result.stderr).toContain(`hint: Move it aside to start a new ledger (mv ${file} ${file}.bad).`);
      }
      expect(cli.cloudConnections()).toBe(before);
    }
  });
});
