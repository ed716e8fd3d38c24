import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const workspace = path.resolve(import.meta.dirname, '../../..');

function findShellScripts(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return findShellScripts(full);
    return entry.name.endsWith('.sh') ? [full] : [];
  });
}

describe('infra shell scripts', () => {
  it('all pass shellcheck', () => {
    const version = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' });
    if (version.status !== 0) {
      throw new Error('shellcheck is missing; install it with: bash tools/scripts/setup.sh all');
    }
    const scripts = findShellScripts(path.join(workspace, 'infra'));
    expect(scripts.map((script) => path.relative(workspace, script))).toEqual(
      expect.arrayContaining([
        'infra/vllm/start_vllm_server.sh',
        'infra/slurm/slurm_vllm_job.sh',
        'infra/slurm/dev-cluster/start.sh',
        'infra/slurm/dev-cluster/stop.sh',
      ]),
    );
    const result = spawnSync('shellcheck', ['--external-sources', ...scripts], { encoding: 'utf8', cwd: workspace });
    expect(`${result.stdout}${result.stderr}`).toBe('');
    expect(result.status).toBe(0);
  });
});
