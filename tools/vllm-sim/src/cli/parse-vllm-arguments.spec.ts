import { describe, expect, it } from '@jest/globals';
import { parseVllmArguments } from './parse-vllm-arguments.js';

describe('parseVllmArguments', () => {
  it('reads a T4 vllm serve line and ignores the GPU-only flags', () => {
    const parsed = parseVllmArguments(
      [
        'serve',
        'Qwen/Qwen2.5-7B-Instruct-AWQ',
        '--host',
        '127.0.0.1',
        '--port',
        '8001',
        '--served-model-name',
        'qwen7b',
        '--quantization',
        'awq',
        '--dtype',
        'half',
        '--max-model-len',
        '4k',
        '--gpu-memory-utilization',
        '0.90',
        '--enable-prefix-caching',
        '--trust-remote-code',
        '--api-key',
        'k',
      ],
      'vllm',
    );
    expect(parsed).toEqual({
      kind: 'serve',
      options: {
        model: 'Qwen/Qwen2.5-7B-Instruct-AWQ',
        host: '127.0.0.1',
        port: 8001,
        servedModelName: ['qwen7b'],
        maxModelLen: 4000,
        enablePrefixCaching: true,
        apiKey: 'k',
      },
      ignored: ['--quantization awq', '--dtype half', '--gpu-memory-utilization 0.90', '--trust-remote-code'],
    });
  });

  it('serves embeddings for --runner pooling and --task embed, with dimensions from the environment', () => {
    const env = { VLLM_SIM_EMBEDDING_DIMENSIONS: '1024', VLLM_SIM_FAULTS: '{"fail":{"status":503,"count":1}}' };
    const parsed = parseVllmArguments(['serve', 'BAAI/bge-m3', '--task=embed', '--port=8004'], 'vllm', env);
    expect(parsed.kind === 'serve' && parsed.options).toMatchObject({
      runner: 'pooling',
      port: 8004,
      embeddingDimensions: 1024,
      servedModelName: 'BAAI/bge-m3',
      faults: { fail: { status: 503, count: 1 } },
      host: '0.0.0.0',
    });
  });

  it('takes several served names and uses the first', () => {
    const parsed = parseVllmArguments(['serve', 'm', '--served-model-name', 'a', 'b', '--port', '1'], 'vllm');
    expect(parsed.kind === 'serve' && parsed.options.servedModelName).toEqual(['a', 'b']);
  });

  it('explains what is wrong', () => {
    expect(() => parseVllmArguments(['run', 'm'], 'vllm')).toThrow(
      'Unknown command "run": the simulator supports only "vllm serve".',
    );
    expect(() => parseVllmArguments(['serve', 'm', '--port', 'eighty'], 'vllm')).toThrow(
      '--port expects a whole number, got "eighty".',
    );
    expect(() => parseVllmArguments(['serve', 'm', '--faults', '{"nope":1}'], 'vllm')).toThrow(
      /Invalid faults in --faults/,
    );
    expect(() => parseVllmArguments(['serve'], 'vllm')).toThrow('No model given.');
    expect(() => parseVllmArguments(['serve', 'm'], 'vllm', { VLLM_SIM_STARTUP_DELAY_MS: 'soon' })).toThrow(
      /VLLM_SIM_STARTUP_DELAY_MS/,
    );
  });

  it('reads the simulator style with its own flags and loopback default', () => {
    const parsed = parseVllmArguments(
      ['--served-model-name', 'x', '--enable-admin', '--mode', 'echo', '--faults', '{"hang":{}}'],
      'vllm-sim',
    );
    expect(parsed.kind === 'serve' && parsed.options).toMatchObject({
      servedModelName: ['x'],
      enableAdmin: true,
      mode: 'echo',
      host: '127.0.0.1',
      faults: { hang: {} },
    });
    expect(parseVllmArguments(['--help'], 'vllm-sim')).toEqual({ kind: 'help' });
  });
});
