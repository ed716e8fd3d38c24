import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runProcess, type ProcessResult } from '@biopipe/core/testing';
import { startFleet } from '@biopipe/vllm-sim';
import { TmuxSession } from '../../cli/test/tmux-session.js';

const packageDir = path.resolve(import.meta.dirname, '..');
const workspace = path.resolve(packageDir, '../..');
const cliVersion = (
  JSON.parse(readFileSync(path.join(workspace, 'apps/cli/package.json'), 'utf8')) as { version: string }
).version;

// A cluster admin's login node: nothing of the repository, an empty npm cache, no registry.
const scratch = mkdtempSync(path.join(tmpdir(), 'biopipe-install-'));
const prefix = path.join(scratch, 'prefix');
const home = path.join(scratch, 'home');
const cleanEnv = {
  PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`,
  HOME: home,
  npm_config_cache: path.join(scratch, 'npm-cache'),
  npm_config_offline: 'true',
  npm_config_update_notifier: 'false',
};

function expectExit(result: ProcessResult, code: number): void {
  if (result.code !== code) throw new Error(`exited ${result.code}, not ${code}:\n${result.stdout}\n${result.stderr}`);
}

function runInstalled(command: string, args: readonly string[]): Promise<ProcessResult> {
  return runProcess(path.join(prefix, 'bin', command), args, { cwd: scratch, env: cleanEnv });
}

describe('the biopipe tarball, installed offline into a prefix', () => {
  beforeAll(async () => {
    const packed = await runProcess('npm', ['pack', '--json', '--pack-destination', scratch], {
      cwd: packageDir,
      env: { ...cleanEnv, PATH: process.env['PATH'] ?? '' },
    });
    expectExit(packed, 0);
    const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
    const installed = await runProcess(
      'npm',
      ['install', '--global', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, path.join(scratch, filename)],
      { cwd: scratch, env: { ...cleanEnv, PATH: process.env['PATH'] ?? '' } },
    );
    expectExit(installed, 0);
  }, 180_000);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('needs no dependency from a registry: the bundle carries them', () => {
    const manifest = JSON.parse(
      readFileSync(path.join(prefix, 'lib/node_modules/biopipe/package.json'), 'utf8'),
    ) as Record<string, unknown>;
    expect(manifest['dependencies']).toBeUndefined();
    expect(manifest['optionalDependencies']).toBeUndefined();
    expect(manifest['version']).toBe(cliVersion);
  });

  it('prints the version', async () => {
    const result = await runInstalled('biopipe', ['--version']);
    expectExit(result, 0);
    expect(result.stdout.trim()).toBe(cliVersion);
  });

  it("lists the built-in strategies from the package's own config directory", async () => {
    const result = await runInstalled('biopipe', ['strategy', 'list', '--json']);
    expectExit(result, 0);
    const listed = JSON.parse(result.stdout) as { name: string; file: string }[];
    expect(listed.map((profile) => profile.name)).toEqual(
      expect.arrayContaining(['cloud_only', 'development', 't4_hybrid', 't4_local_only']),
    );
    const installedConfig = path.join(prefix, 'lib/node_modules/biopipe/config/strategies');
    for (const profile of listed) expect(path.dirname(profile.file)).toBe(installedConfig);
  });

  it('runs the demo on the simulated fleet it carries, with no byte to the cloud in the PHI-safe part', async () => {
    const result = await runInstalled('biopipe', ['demo']);
    expectExit(result, 0);
    expect(result.stdout).toContain('connections to the simulated cloud during the PHI-safe requests: 0');
    expect(result.stdout).toMatch(/code_generation\s+-> coder/);
  }, 120_000);

  it('runs chat, the terminal UI (ink and React inside the bundle), against a simulated fleet', async () => {
    const fleet = await startFleet({ ports: 'free', cloud: false, roles: ['generalist'] });
    const configDir = path.join(scratch, 'chat-config');
    mkdirSync(path.join(configDir, 'strategies'), { recursive: true });
    writeFileSync(
      path.join(configDir, 'strategies', 'lab_local.yaml'),
      `profile_name: lab_local\ndescription: PHI-safe test profile\nallow_cloud: false\nvllm_endpoints:\n  generalist: ${fleet.roles['generalist']?.url}\ntask_routing:\n  "*": generalist\n`,
    );
    const biopipe = path.join(prefix, 'bin', 'biopipe');
    const command = `cd ${scratch} && env -i PATH=${cleanEnv.PATH} HOME=${home} TERM=xterm ${biopipe} --config-dir ${configDir} -s lab_local chat; echo EXIT=$?`;
    const session = TmuxSession.start(command, { width: 160, height: 50 });
    try {
      await session.waitFor(/strategy lab_local \(PHI-safe\) · task intent_parsing/);
      session.sendKeys('what is a BAM file', 'Enter');
      await session.waitFor(/via generalist · qwen2\.5-7b-instruct · fallback depth 0/, 30_000);
      session.sendKeys('/quit', 'Enter');
      await session.waitFor(/EXIT=0/);
    } finally {
      session.kill();
      await fleet.stop();
    }
  }, 90_000);

  it('installs the health monitor as biopipe-monitor', async () => {
    const result = await runInstalled('biopipe-monitor', ['--help']);
    expectExit(result, 0);
    expect(result.stdout).toMatch(/^Usage: biopipe-monitor \[options\]/);
    expect(result.stdout).toContain('--fleet');
  });

  it("builds the fleet's sbatch command from the package's own job script and manifest", async () => {
    const installed = path.join(prefix, 'lib/node_modules/biopipe');
    const result = await runProcess(path.join(installed, 'infra/slurm/slurm_vllm_job.sh'), ['--print', 'coder'], {
      cwd: scratch,
      env: { ...cleanEnv, BIOPIPELINES_SLURM_GPUS: '0' },
    });
    expectExit(result, 0);
    expect(result.stdout).toContain('--job-name=biopipe-vllm-coder');
    expect(result.stdout).toContain(path.join(installed, 'infra/slurm/slurm_vllm_job.sh'));
  });
});

describe('npx biopipe in the repository', () => {
  it('runs the local CLI through the linked bin, asking no registry', async () => {
    const result = await runProcess('npx', ['--no-install', 'biopipe', '--version'], {
      cwd: workspace,
      env: { ...cleanEnv, PATH: process.env['PATH'] ?? '' },
    });
    expectExit(result, 0);
    expect(result.stdout.trim()).toBe(cliVersion);
    expect(realpathSync(path.join(workspace, 'node_modules/.bin/biopipe'))).toBe(
      path.join(packageDir, 'bin/biopipe.js'),
    );
  }, 60_000);
});
