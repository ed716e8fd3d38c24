import { describe, expect, it } from '@jest/globals';
import { fleetManifestSchema, loadFleetManifest, defaultFleetManifestPath } from '@biopipe/core';
import { buildSbatchArguments } from './sbatch-arguments.js';
import { UnknownRoleError } from './unknown-role-error.js';
import { buildVllmServeArguments } from './vllm-serve-arguments.js';

const fleetFile = defaultFleetManifestPath();
const manifest = loadFleetManifest(fleetFile);

describe('buildVllmServeArguments', () => {
  it('builds the T4 command line of an AWQ chat model from config/fleet.yaml', () => {
    expect(buildVllmServeArguments(manifest, 'generalist', fleetFile)).toEqual([
      'serve',
      'Qwen/Qwen2.5-7B-Instruct-AWQ',
      '--host',
      '0.0.0.0',
      '--port',
      '8001',
      '--served-model-name',
      'qwen2.5-7b-instruct',
      '--dtype',
      'half',
      '--max-model-len',
      '8192',
      '--gpu-memory-utilization',
      '0.9',
      '--quantization',
      'awq',
      '--enable-prefix-caching',
    ]);
  });

  it('uses the pooling runner and no prefix caching for the embeddings model, and no quantization flag for none', () => {
    const argv = buildVllmServeArguments(manifest, 'embeddings', fleetFile);
    expect(argv).toEqual(
      expect.arrayContaining(['--runner', 'pooling', '--served-model-name', 'bge-m3', '--port', '8004']),
    );
    expect(argv).not.toContain('--quantization');
    expect(argv).not.toContain('--enable-prefix-caching');
  });

  it('passes bitsandbytes for the math model, extra_args last, and --no-enable-prefix-caching when turned off', () => {
    const custom = fleetManifestSchema.parse({
      defaults: { enable_prefix_caching: false },
      roles: { math: { ...manifest.roles['math'], extra_args: ['--max-num-seqs', '8'] } },
    });
    const argv = buildVllmServeArguments(custom, 'math', 'fleet.yaml');
    expect(argv).toEqual(expect.arrayContaining(['--quantization', 'bitsandbytes', '--no-enable-prefix-caching']));
    expect(argv.slice(-2)).toEqual(['--max-num-seqs', '8']);
  });

  it('rejects an unknown role, naming the roles and the closest one', () => {
    const attempt = (): unknown => buildVllmServeArguments(manifest, 'genralist', fleetFile);
    expect(attempt).toThrow(UnknownRoleError);
    expect(attempt).toThrow(/Unknown role "genralist".*Did you mean "generalist"/);
    expect(attempt).toThrow(
      expect.objectContaining({ code: 'usage', hint: 'Roles: generalist, coder, math, embeddings.' }),
    );
  });

  it('does not take inherited object keys for roles', () => {
    expect(() => buildVllmServeArguments(manifest, 'constructor', fleetFile)).toThrow(UnknownRoleError);
  });
});

describe('buildSbatchArguments', () => {
  it('takes job name, partition, time, CPUs, memory and one GPU from the manifest defaults', () => {
    expect(buildSbatchArguments({ manifest, role: 'coder', fleetFile, logDirectory: '/state/logs' })).toEqual([
      '--job-name=biopipe-vllm-coder',
      '--partition=t4flex',
      '--time=24:00:00',
      '--cpus-per-task=4',
      '--mem=32G',
      '--gres=gpu:1',
      '--output=/state/logs/%x-%j.out',
    ]);
  });

  it('says --gres=none when GPUs are overridden to 0, so it also overrides a --gres line in the script', () => {
    expect(buildSbatchArguments({ manifest, role: 'coder', fleetFile, logDirectory: '/l', gpus: 0 })).toContain(
      '--gres=none',
    );
    expect(buildSbatchArguments({ manifest, role: 'coder', fleetFile, logDirectory: '/l', gpus: 2 })).toContain(
      '--gres=gpu:2',
    );
  });
});
