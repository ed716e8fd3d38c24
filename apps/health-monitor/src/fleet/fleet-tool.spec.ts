import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runProcess } from '@biopipe/core/testing';
import { runFleetTool } from './fleet-tool.js';

const startScript = path.resolve(import.meta.dirname, '../../../../infra/vllm/start_vllm_server.sh');

function run(argv: string[], env: Record<string, string> = {}): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runFleetTool(
    argv,
    { out: (text) => (out += text), err: (text) => (err += text) },
    { HOME: '/home/someone', ...env },
  );
  return { code, out, err };
}

describe('biopipe-fleet', () => {
  it('lists the roles of config/fleet.yaml', () => {
    expect(run(['roles'])).toEqual({ code: 0, out: 'generalist\ncoder\nmath\nembeddings\n', err: '' });
  });

  it('prints vllm arguments and sbatch options NUL-separated', () => {
    const vllm = run(['vllm-args', 'coder']).out.split('\0');
    expect(vllm.slice(0, 2)).toEqual(['serve', 'Qwen/Qwen2.5-Coder-7B-Instruct-AWQ']);
    expect(vllm.at(-1)).toBe('');
    const sbatch = run(['sbatch-args', 'coder'], {
      BIOPIPELINES_SLURM_GPUS: '0',
      BIOPIPELINES_STATE_DIR: '/state',
    }).out.split('\0');
    expect(sbatch).toContain('--gres=none');
    expect(sbatch).toContain('--output=/state/logs/%x-%j.out');
  });

  it('prints the job settings with the registry directory under the state directory', () => {
    const { code, out } = run(['job-settings', 'embeddings'], { BIOPIPELINES_STATE_DIR: '/state' });
    expect(code).toBe(0);
    expect(out).toContain('port=8004\n');
    expect(out).toContain('served_model_name_json="bge-m3"\n');
    expect(out).toContain('job_name=biopipe-vllm-embeddings\n');
    expect(out).toContain('registry_dir=/state/endpoints\n');
    expect(out).toContain('log_dir=/state/logs\n');
  });

  it('exits 2 for an unknown role and lists the roles', () => {
    const { code, out, err } = run(['vllm-args', 'nope']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/Unknown role "nope"/);
    expect(err).toMatch(/hint: Roles: generalist, coder, math, embeddings\./);
  });

  it('says a role written with enabled: false is disabled, in which file, and how to turn it on', () => {
    const { code, out, err } = run(['vllm-args', 'biomed']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).not.toContain('Unknown role');
    expect(err).toMatch(/^biopipe-fleet: Role "biomed" is disabled in \S+\/config\/fleet\.yaml \(enabled: false\)\.$/m);
    expect(err).toMatch(
      /^hint: Set enabled: true under roles\.biomed in \S+\/config\/fleet\.yaml, or use the overlay that turns it on: BIOPIPELINES_FLEET_FILE=\S+\/config\/fleet\.specialists\.yaml$/m,
    );
    const overlay = /BIOPIPELINES_FLEET_FILE=(\S+)$/m.exec(err)?.[1] ?? '';
    expect(run(['vllm-args', 'biomed'], { BIOPIPELINES_FLEET_FILE: overlay })).toMatchObject({ code: 0, err: '' });
  });

  it('start_vllm_server.sh biomed, a real process through the built tool, says the same', async () => {
    const result = await runProcess('bash', [startScript, '--print', 'biomed'], {
      env: { PATH: process.env['PATH'] ?? '', HOME: '/home/someone' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Role "biomed" is disabled in \S+\/config\/fleet\.yaml \(enabled: false\)/);
    expect(result.stderr).toContain('fleet.specialists.yaml');
  });

  it('exits 2 for a bad BIOPIPELINES_SLURM_GPUS, a missing role and an invalid manifest given with --fleet', () => {
    expect(run(['sbatch-args', 'coder'], { BIOPIPELINES_SLURM_GPUS: 'two' })).toMatchObject({
      code: 2,
      err: expect.stringMatching(/BIOPIPELINES_SLURM_GPUS must be a whole number/),
    });
    expect(run(['vllm-args'])).toMatchObject({ code: 2, err: expect.stringMatching(/vllm-args needs a ROLE/) });
    const directory = mkdtempSync(path.join(tmpdir(), 'fleet-tool-'));
    const file = path.join(directory, 'fleet.yaml');
    writeFileSync(
      file,
      'roles:\n  a:\n    model: m\n    served_model_name: a\n    port: 80000\n    max_model_len: 10\n    vram_gb: 1\n',
    );
    expect(run(['--fleet', file, 'roles'])).toMatchObject({ code: 2, err: expect.stringMatching(/port/) });
    expect(run(['roles'], { BIOPIPELINES_FLEET_FILE: file })).toMatchObject({ code: 2 });
  });
});
