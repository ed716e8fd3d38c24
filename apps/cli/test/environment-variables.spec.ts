import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ENVIRONMENT_VARIABLES } from '@biopipe/core/environment';
import { runBiopipe } from './run-biopipe.js';

const workspace = path.resolve(import.meta.dirname, '../../..');

/** The rows of the README's environment table, as [name, what, default, former name] with backticks dropped. */
function readmeRows(): string[][] {
  const readme = readFileSync(path.join(workspace, 'README.md'), 'utf8');
  const section = /<!-- environment-variables -->([\s\S]*?)<!-- \/environment-variables -->/.exec(readme)?.[1];
  if (section === undefined) throw new Error('README.md has no <!-- environment-variables --> section');
  return section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim().replaceAll('`', '').replaceAll('\\|', '|')),
    );
}

describe('environment variables', () => {
  it("the README's table lists exactly the variables of the code's table", () => {
    expect(readmeRows()).toEqual(
      ENVIRONMENT_VARIABLES.map((variable) => [
        variable.name,
        variable.description,
        variable.default,
        variable.formerName ?? '',
      ]),
    );
  });

  it("--help's epilogue lists every variable with its default", async () => {
    const result = await runBiopipe(['--help']);
    expect(result.code).toBe(0);
    for (const variable of ENVIRONMENT_VARIABLES)
      expect(result.stdout).toMatch(new RegExp(`\\n  ${variable.name} +.*\\(default: `));
  });

  it('serve --help names BIOPIPELINES_GATEWAY_KEY', async () => {
    const result = await runBiopipe(['serve', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('BIOPIPELINES_GATEWAY_KEY');
  });

  it('still reads BIOPIPE_SIM_CLOUD_KEY, with one deprecation warning on stderr', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'biopipe-env-'));
    const result = await runBiopipe(['-s', 'development', 'status', '--json', '--timeout', '200'], {
      env: { HOME: home, BIOPIPE_SIM_CLOUD_KEY: 'sim-key-value' },
      cwd: home,
    });
    const status = JSON.parse(result.stdout) as { cloud_apis: { api_key_env: string; key: string }[] };
    const simulated = status.cloud_apis.filter((api) => api.api_key_env === 'BIOPIPELINES_SIM_CLOUD_KEY');
    expect(simulated.length).toBeGreaterThan(0);
    for (const api of simulated) expect(api.key).toBe('present');
    expect(result.stderr.split('\n').filter((line) => line.includes('deprecated'))).toEqual([
      'warning: BIOPIPE_SIM_CLOUD_KEY is deprecated; set BIOPIPELINES_SIM_CLOUD_KEY instead.',
    ]);
    expect(`${result.stdout}${result.stderr}`).not.toContain('sim-key-value');
  });

  it("the job scripts' shell aliases cover exactly the table's former names that scripts read, and work", () => {
    const script = path.join(workspace, 'infra/env-aliases.sh');
    const listed = /biopipe_env_aliases=\(([^)]*)\)/
      .exec(readFileSync(script, 'utf8'))?.[1]
      ?.split(/\s+/)
      .filter(Boolean);
    const formerNames = ENVIRONMENT_VARIABLES.flatMap((variable) =>
      variable.formerName === undefined ? [] : [variable.formerName.replace(/^BIOPIPE_/, '')],
    );
    // Two former names are read by TypeScript only: the simulated cloud's key and the alert webhook.
    expect(new Set(listed)).toEqual(
      new Set(formerNames.filter((name) => !['SIM_CLOUD_KEY', 'ALERT_WEBHOOK_URL'].includes(name))),
    );
    const run = spawnSync(
      'bash',
      [
        '--norc',
        '--noprofile',
        '-c',
        `. ${JSON.stringify(script)}; echo "$BIOPIPELINES_PORT_WAIT \${BIOPIPE_PORT_WAIT-unset}"`,
      ],
      { env: { PATH: process.env['PATH'] ?? '', BIOPIPE_PORT_WAIT: '7' }, encoding: 'utf8' },
    );
    expect(run.stdout).toBe('7 unset\n');
    expect(run.stderr).toBe('warning: BIOPIPE_PORT_WAIT is deprecated; set BIOPIPELINES_PORT_WAIT instead.\n');
  });
});
