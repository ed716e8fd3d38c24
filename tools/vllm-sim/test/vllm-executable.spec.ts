import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from '@jest/globals';
import { reservePort } from '../src/shared/tracked-server.js';
import { connectionErrorOf, postJson, send, waitFor } from './support/http.js';
import { startProcess, stopAllProcesses } from './support/spawn-process.js';

const VLLM = fileURLToPath(new URL('../bin/vllm', import.meta.url));
const VLLM_SIM = fileURLToPath(new URL('../bin/vllm-sim', import.meta.url));

afterEach(stopAllProcesses);

describe('the drop-in vllm executable (a real process)', () => {
  it('serves `vllm serve` with a T4 command line after its startup delay, and exits 0 on SIGTERM', async () => {
    const port = await reservePort('127.0.0.1');
    const url = `http://127.0.0.1:${port}`;
    const server = startProcess(
      VLLM,
      [
        'serve',
        'Qwen/Qwen2.5-7B-Instruct-AWQ',
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        '--served-model-name',
        'qwen2.5-7b-instruct',
        '--quantization',
        'awq',
        '--dtype',
        'half',
        '--max-model-len',
        '4096',
        '--gpu-memory-utilization',
        '0.90',
        '--enable-prefix-caching',
        '--api-key',
        'job-key',
      ],
      { VLLM_SIM_STARTUP_DELAY_MS: '500' },
    );
    await server.waitForOutput(/startup delay 500 ms/);
    expect(await connectionErrorOf(`${url}/health`)).toBe('ECONNREFUSED');
    await server.waitForOutput(/Application startup complete\./);
    expect(server.stdout()).toContain(`Uvicorn running on ${url}`);
    expect(server.stdout()).toContain(
      'ignoring options the simulator has no use for: --quantization awq --dtype half --gpu-memory-utilization 0.90',
    );
    expect((await send(`${url}/health`)).status).toBe(200);
    expect((await send(`${url}/v1/models`)).status).toBe(401);
    const models = JSON.parse(
      (await send(`${url}/v1/models`, { headers: { authorization: 'Bearer job-key' } })).text,
    ) as { data: Array<Record<string, unknown>> };
    expect(models.data[0]).toMatchObject({
      id: 'qwen2.5-7b-instruct',
      root: 'Qwen/Qwen2.5-7B-Instruct-AWQ',
      max_model_len: 4096,
    });
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(await connectionErrorOf(`${url}/health`)).toBe('ECONNREFUSED');
  });

  it('serves embeddings for --runner pooling with the dimensions from the environment', async () => {
    const port = await reservePort('127.0.0.1');
    const server = startProcess(
      VLLM,
      [
        'serve',
        'BAAI/bge-m3',
        '--runner',
        'pooling',
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        '--served-model-name',
        'bge-m3',
      ],
      {
        VLLM_SIM_EMBEDDING_DIMENSIONS: '8',
      },
    );
    await server.waitForOutput(/Application startup complete\./);
    const body = JSON.parse(
      (await postJson(`http://127.0.0.1:${port}/v1/embeddings`, { model: 'bge-m3', input: 'x' })).text,
    ) as { data: Array<{ embedding: number[] }> };
    expect(body.data[0]?.embedding).toHaveLength(8);
  });

  it('exits non-zero when the engine dies', async () => {
    const port = await reservePort('127.0.0.1');
    const server = startProcess(VLLM, ['serve', 'm', '--host', '127.0.0.1', '--port', String(port)], {
      VLLM_SIM_FAULTS: '{"die":{"afterMs":300}}',
      VLLM_SIM_DEATH_LINGER_MS: '100',
    });
    await server.waitForOutput(/Application startup complete\./);
    expect(await server.exited).toBe(1);
    expect(server.stderr()).toContain('EngineCore died');
  });

  it('exits 2 with a clear message on bad usage and 1 when the port is taken', async () => {
    const usage = startProcess(VLLM, ['run', 'm']);
    expect(await usage.exited).toBe(2);
    expect(usage.stderr()).toContain('Unknown command "run": the simulator supports only "vllm serve".');
    const first = startProcess(VLLM_SIM, ['--served-model-name', 'a']);
    const [, url] = (await first.waitForOutput(/Uvicorn running on (http:\S+)/)) as unknown as [string, string];
    const port = new URL(url).port;
    const second = startProcess(VLLM, ['serve', 'm', '--host', '127.0.0.1', '--port', port]);
    expect(await second.exited).toBe(1);
    expect(second.stderr()).toMatch(/cannot start: .*EADDRINUSE/);
  });

  it('takes the simulator flags in the vllm-sim style: faults at start and the admin endpoint', async () => {
    const server = startProcess(VLLM_SIM, [
      '--served-model-name',
      'qwen7b',
      '--mode',
      'echo',
      '--enable-admin',
      '--faults',
      '{"fail":{"status":503,"count":1}}',
    ]);
    const [, url] = (await server.waitForOutput(/Uvicorn running on (http:\S+)/)) as unknown as [string, string];
    const question = { messages: [{ role: 'user', content: 'hello' }] };
    expect((await postJson(`${url}/v1/chat/completions`, question)).status).toBe(503);
    expect(JSON.parse((await postJson(`${url}/v1/chat/completions`, question)).text).choices[0].message.content).toBe(
      'hello',
    );
    await postJson(`${url}/admin/faults`, { wrongModel: 'other' });
    await waitFor(async () => JSON.parse((await send(`${url}/v1/models`)).text).data[0].id === 'other');
    server.child.kill('SIGINT');
    expect(await server.exited).toBe(0);
  });
});
