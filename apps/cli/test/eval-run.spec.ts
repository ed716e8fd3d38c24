import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startCliFleet, type CliFleet } from './cli-fleet.js';

// `biopipe eval run` as users run it: a real process, a simulated fleet in echo mode (each answer is
// the question, so the suite decides what is right), and simulated cloud APIs that count connections.
const KEY = 'sk-eval-distinctive-4242';
let cli: CliFleet;
let suite: string;

const item = (id: string, prompt: string, expected: string, category: string): string =>
  JSON.stringify({ id, task_type: 'biomedical', prompt, expected, grader: 'multiple_choice', category });

function writeProfile(name: string, allowCloud: boolean): void {
  // The PHI-safe profile names the counting cloud too (unused by its routing), so a target that
  // slipped through would reach a server that counts it.
  cli.writeProfile(
    name,
    `allow_cloud: ${allowCloud}
${cli.endpoints}
task_routing: { "*": generalist, embeddings: embeddings }
timeouts: { connect_ms: 500, first_token_ms: 2000, idle_ms: 2000 }
${allowCloud ? 'fallback: [sim-deepseek]' : ''}
${cli.simDeepseek}
`,
  );
}

const biopipe = (args: string[]) => cli.biopipe(args);
const generalistChats = (): number =>
  cli.fleet.roles['generalist']?.handle.requests.filter((request) => request.path === '/v1/chat/completions').length ??
  0;

beforeAll(async () => {
  cli = await startCliFleet({
    prefix: 'biopipe-eval-',
    key: KEY,
    fleet: { mode: 'echo', roles: ['generalist', 'embeddings'] },
  });
  writeProfile('hybrid', true);
  writeProfile('local', false);
  suite = path.join(cli.home, 'suite.jsonl');
  writeFileSync(
    suite,
    [
      '# three questions; the simulator echoes each, so the first two answer right',
      item('q1', 'Which base pairs with adenine in DNA? The answer is (B).', 'B', 'genetics'),
      item('q2', 'Which tool aligns short reads?\nC', 'C', 'tools'),
      item('q3', 'Which gene is BRCA1? I think it is (A).', 'D', 'genetics'),
    ].join('\n'),
  );
});
afterAll(() => cli.stop());

describe('biopipe eval run', () => {
  it('grades every item on a role: accuracy with its interval, per category, per-item JSONL', async () => {
    const out = path.join(cli.home, 'results.jsonl');
    const result = await biopipe([
      '-s',
      'hybrid',
      '--json',
      'eval',
      'run',
      suite,
      '--target',
      'generalist',
      '--out',
      out,
    ]);
    expect(result.stderr).toContain('eval: 3/3 answered');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ target: 'generalist', strategy: 'hybrid', total: 3, errors: 0 });
    expect(report['accuracy']).toMatchObject({ successes: 2, total: 3 });
    expect((report['accuracy'] as { low: number }).low).toBeCloseTo(0.2077, 4);
    expect(report['categories']).toEqual([
      expect.objectContaining({ category: 'genetics', successes: 1, total: 2 }),
      expect.objectContaining({ category: 'tools', successes: 1, total: 1 }),
    ]);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => [line['id'], line['extracted'], line['correct']]).sort()).toEqual([
      ['q1', 'B', true],
      ['q2', 'C', true],
      ['q3', 'A', false],
    ]);
    expect(cli.cloudConnections()).toBe(0);
  });

  it('resumes: items already in --out are not asked again, a torn last line is asked again', async () => {
    const out = path.join(cli.home, 'resume.jsonl');
    expect((await biopipe(['-s', 'hybrid', 'eval', 'run', suite, '--out', out])).code).toBe(0);
    const [first, second] = readFileSync(out, 'utf8').trim().split('\n');
    writeFileSync(out, `${first}\n${second}\n`);
    appendFileSync(out, '{"schema_version":1,"id":"q');
    const before = generalistChats();
    const resumed = await biopipe(['-s', 'hybrid', '--json', 'eval', 'run', suite, '--out', out, '--resume']);
    expect(resumed.code).toBe(0);
    expect(generalistChats() - before).toBe(1);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ total: 3, accuracy: { successes: 2 } });
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(3);
  });

  it('serves a cloud model target through the cloud chain when the profile allows it', async () => {
    const before = cli.cloudConnections();
    const result = await biopipe(['-s', 'hybrid', '--json', 'eval', 'run', suite, '--target', 'sim-deepseek']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ target: 'sim-deepseek', total: 3 });
    expect(cli.cloudConnections()).toBeGreaterThan(before);
  });

  it('refuses a cloud target under a PHI-safe profile with exit 2, and contacts no cloud host', async () => {
    const before = cli.cloudConnections();
    const result = await biopipe(['-s', 'local', 'eval', 'run', suite, '--target', 'sim-deepseek']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('PHI-safe (allow_cloud: false)');
    expect(cli.cloudConnections()).toBe(before);
  });

  it('counts an item whose request failed as wrong, says why, and exits 3 when nothing could serve', async () => {
    const generalist = cli.fleet.roles['generalist']?.handle;
    generalist?.setFaults({ fail: { status: 503 } });
    const before = cli.cloudConnections();
    try {
      const result = await biopipe(['-s', 'local', '--json', 'eval', 'run', suite]);
      expect(JSON.parse(result.stdout)).toMatchObject({ total: 3, errors: 3, accuracy: { successes: 0 } });
      expect(result.stderr).toContain('3 items got no answer (counted wrong); the first, q1: ');
      expect(result.code).toBe(3);
      expect(cli.cloudConnections()).toBe(before);
    } finally {
      generalist?.clearFaults();
    }
  });

  it('refuses a bad suite with exit 2 and the line', async () => {
    const bad = path.join(cli.home, 'bad.jsonl');
    writeFileSync(bad, `${item('a', 'x', 'B', 'c')}\n${item('a', 'y', 'B', 'c')}\n`);
    const duplicate = await biopipe(['-s', 'hybrid', 'eval', 'run', bad]);
    expect(duplicate.code).toBe(2);
    expect(duplicate.stderr).toContain(`${bad}:2:1: id: duplicate id "a" (first on line 1)`);
    writeFileSync(bad, `${item('a', 'x', 'B', 'c')}\n{"id": "b",\n`);
    const malformed = await biopipe(['-s', 'hybrid', 'eval', 'run', bad]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain(`${bad}:2:1: not valid JSON`);
    const unknown = await biopipe(['-s', 'hybrid', 'eval', 'run', suite, '--target', 'biomd']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown evaluation target "biomd"');
  });

  it('calls a suite path that is a FIFO or a directory a suite, not a configuration file, at once', async () => {
    const fifo = path.join(cli.home, 'suite-fifo.jsonl');
    execFileSync('mkfifo', [fifo]);
    for (const odd of [fifo, cli.home]) {
      const result = await biopipe(['-s', 'hybrid', 'eval', 'run', odd]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`Cannot read ${odd}: it is a`);
      expect(result.stderr).toContain(
        'hint: The eval suite must be a regular file; give the path of one, or remove or rename this entry.',
      );
      expect(result.stderr).not.toMatch(/configuration file/i);
    }
  });

  it('says a role the fleet writes with enabled: false is disabled, in which file, and how to turn it on', async () => {
    const disabled = await biopipe(['-s', 'hybrid', 'eval', 'run', suite, '--target', 'biomed']);
    expect(disabled.code).toBe(2);
    expect(disabled.stderr).not.toContain('Unknown evaluation target');
    expect(disabled.stderr).toMatch(/Role "biomed" is disabled in \S+\/config\/fleet\.yaml \(enabled: false\)/);
    expect(disabled.stderr).toMatch(
      /hint: Once the role runs, give the profile its endpoint under vllm_endpoints .* Set enabled: true under roles\.biomed in \S+, or use the overlay that turns it on: BIOPIPELINES_FLEET_FILE=\S+\/fleet\.specialists\.yaml$/m,
    );
    const ownFleet = path.join(cli.home, 'own-fleet.yaml');
    writeFileSync(
      ownFleet,
      `roles:
  generalist: { model: m, served_model_name: g, port: 8001, max_model_len: 2048, vram_gb: 8 }
  biomed: { model: b, served_model_name: bio, port: 8007, max_model_len: 2048, vram_gb: 6, enabled: false }
`,
    );
    const own = await cli.biopipe(['-s', 'hybrid', 'eval', 'run', suite, '--target', 'biomed'], {
      env: { BIOPIPELINES_FLEET_FILE: ownFleet },
    });
    expect(own.code).toBe(2);
    expect(own.stderr).toContain(`Role "biomed" is disabled in ${ownFleet} (enabled: false).`);
    expect(own.stderr).toMatch(
      /^hint: Once the role runs, .* Set enabled: true under roles\.biomed in \S+own-fleet\.yaml\.$/m,
    );
    expect(own.stderr).not.toContain('fleet.specialists.yaml');
  });
});
