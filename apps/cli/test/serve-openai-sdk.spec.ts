import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import OpenAI, { APIError, AuthenticationError, BadRequestError, InternalServerError } from 'openai';
import { startServe, startServeFleet, type ServeFleet, type ServeProcess } from './serve-harness.js';

let fleet: ServeFleet;
let hybrid: ServeProcess;
let phi: ServeProcess;
const KEY = 'gw-test-key-Aardvark-31337';

function client(server: ServeProcess, apiKey = KEY): OpenAI {
  return new OpenAI({ baseURL: `${server.url}/v1`, apiKey, maxRetries: 0, timeout: 20_000 });
}

beforeAll(async () => {
  fleet = await startServeFleet();
  [hybrid, phi] = await Promise.all([
    startServe(fleet, { strategy: 'serve_hybrid', env: { BIOPIPELINES_GATEWAY_KEY: KEY } }),
    startServe(fleet, { strategy: 'serve_phi', env: { BIOPIPELINES_GATEWAY_KEY: KEY } }),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all([hybrid?.stop(), phi?.stop()]);
  await fleet?.stop();
});

describe('biopipe serve with the official openai SDK as the client', () => {
  it('answers a chat completion, with the route in the response headers', async () => {
    const { data, response } = await client(hybrid)
      .chat.completions.create({
        model: 'biopipe:code_generation',
        messages: [
          { role: 'system', content: 'Be terse.' },
          { role: 'user', content: 'Write a Snakemake rule for fastqc.' },
        ],
        max_tokens: 12,
      })
      .withResponse();
    expect(data.object).toBe('chat.completion');
    expect(data.model).toBe(fleet.fleet.roles['coder']?.servedModelName);
    expect(data.choices[0]?.message.content).toEqual(expect.any(String));
    expect(data.choices[0]?.message.content?.length).toBeGreaterThan(0);
    expect(data.usage).toMatchObject({ completion_tokens: 12, total_tokens: (data.usage?.prompt_tokens ?? 0) + 12 });
    expect(response.headers.get('x-biopipe-route-target')).toBe('coder');
    expect(response.headers.get('x-biopipe-model')).toBe(data.model);
    expect(response.headers.get('x-biopipe-fallback-depth')).toBe('0');
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    // The upstream request carried the conversation and the same request id.
    const upstream = fleet.fleet.roles['coder']?.handle.requests.find(
      (request) => request.headers['x-request-id'] === response.headers.get('x-request-id'),
    );
    expect(upstream?.body).toMatchObject({
      model: data.model,
      max_tokens: 12,
      messages: [
        { role: 'system', content: 'Be terse.' },
        { role: 'user', content: 'Write a Snakemake rule for fastqc.' },
      ],
    });
  });

  it('streams chat chunks with a usage chunk at the end', async () => {
    const stream = await client(hybrid).chat.completions.create({
      model: 'biopipe:auto',
      messages: [{ role: 'user', content: 'Explain a BAM index.' }],
      max_tokens: 8,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | null | undefined;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      expect(chunk.object).toBe('chat.completion.chunk');
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(finish).toBe('length');
    expect(usage).toMatchObject({ completion_tokens: 8 });
    // The role chunk, at least one content chunk, the finish chunk and the usage chunk.
    expect(chunks).toBeGreaterThanOrEqual(4);
  });

  it('answers /v1/completions as text_completion, whole and streamed', async () => {
    const whole = await client(hybrid).completions.create({
      model: 'biopipe:documentation',
      prompt: 'The FASTQ format',
      max_tokens: 5,
    });
    expect(whole.object).toBe('text_completion');
    expect(whole.choices[0]?.text.length).toBeGreaterThan(0);
    const stream = await client(hybrid).completions.create({
      model: 'biopipe:documentation',
      prompt: 'The FASTQ format',
      max_tokens: 5,
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
    expect(text.length).toBeGreaterThan(0);
  });

  it('returns embeddings (base64 by default in the SDK, floats on request) from the model that produced them', async () => {
    const embeddings = fleet.fleet.roles['embeddings'];
    const decoded = await client(hybrid).embeddings.create({
      model: 'biopipe:embeddings',
      input: ['BRCA1 variant', 'TP53 mutation'],
    });
    expect(decoded.model).toBe(embeddings?.servedModelName);
    expect(decoded.data).toHaveLength(2);
    expect(decoded.data[0]?.embedding).toHaveLength(1024);
    const floats = await client(hybrid).embeddings.create({
      model: 'biopipe:auto',
      input: 'BRCA1 variant',
      encoding_format: 'float',
    });
    expect(floats.data[0]?.embedding).toHaveLength(1024);
    // Same text, same model: the base64 path decodes to the same vector (float32 precision).
    expect(floats.data[0]?.embedding.slice(0, 5).map((value) => Number(value.toFixed(5)))).toEqual(
      decoded.data[0]?.embedding.slice(0, 5).map((value) => Number(value.toFixed(5))),
    );
  });

  it('lists one model per task type plus biopipe:auto', async () => {
    const ids = [];
    for await (const model of client(hybrid).models.list()) ids.push(model.id);
    expect(ids).toContain('biopipe:auto');
    expect(ids).toContain('biopipe:code_generation');
    expect(ids).toHaveLength(11);
  });

  it('raises BadRequestError for an unknown task, listing the valid ones', async () => {
    const error = await client(hybrid)
      .chat.completions.create({ model: 'biopipe:variant_calling', messages: [{ role: 'user', content: 'x' }] })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({
      status: 400,
      code: 'unknown_task_type',
      param: 'model',
      type: 'invalid_request_error',
    });
    expect((error as Error).message).toContain('biopipe:code_generation');
  });

  it('raises AuthenticationError without the key or with a wrong one', async () => {
    for (const apiKey of ['wrong-key', 'gw-test-key-Aardvark-3133']) {
      const error = await client(hybrid, apiKey)
        .chat.completions.create({ model: 'biopipe:auto', messages: [{ role: 'user', content: 'x' }] })
        .catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error).toMatchObject({ status: 401, code: 'unauthorized' });
    }
    const response = await fetch(`${hybrid.url}/v1/models`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('raises InternalServerError 503 when a PHI-safe profile has no local backend, and 502 when every backend failed', async () => {
    const math = fleet.fleet.roles['math']?.handle;
    math?.setFaults({ fail: { status: 500 } });
    fleet.fleet.cloud?.openai.setFaults({ fail: { status: 500 } });
    fleet.fleet.cloud?.anthropic.setFaults({ fail: { status: 500 } });
    try {
      const unavailable = await client(phi)
        .chat.completions.create({
          model: 'biopipe:math_statistics',
          messages: [{ role: 'user', content: 'mean of 1,2,3' }],
        })
        .catch((thrown: unknown) => thrown);
      expect(unavailable).toBeInstanceOf(InternalServerError);
      expect(unavailable).toMatchObject({ status: 503, code: 'cloud_disallowed', type: 'service_unavailable_error' });
      const failed = await client(hybrid)
        .chat.completions.create({
          model: 'biopipe:math_statistics',
          messages: [{ role: 'user', content: 'mean of 1,2,3' }],
        })
        .catch((thrown: unknown) => thrown);
      expect(failed).toBeInstanceOf(InternalServerError);
      expect(failed).toMatchObject({ status: 502, code: 'cascade_exhausted', type: 'upstream_error' });
    } finally {
      math?.clearFaults();
      fleet.fleet.cloud?.openai.clearFaults();
      fleet.fleet.cloud?.anthropic.clearFaults();
    }
  });

  it('surfaces a stream cut after its first tokens as an APIError, and the raw stream has no [DONE]', async () => {
    const coder = fleet.fleet.roles['coder']?.handle;
    coder?.setFaults({ cutStream: { afterTokens: 3 } });
    try {
      const stream = await client(hybrid).chat.completions.create({
        model: 'biopipe:code_validation',
        messages: [{ role: 'user', content: 'x' }],
        max_tokens: 20,
        stream: true,
      });
      let text = '';
      const error = await (async () => {
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      })().catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(APIError);
      expect((error as APIError).error).toMatchObject({ code: 'stream_interrupted', type: 'upstream_error' });
      expect(text.length).toBeGreaterThan(0);
      const raw = await fetch(`${hybrid.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'biopipe:code_validation',
          messages: [{ role: 'user', content: 'x' }],
          max_tokens: 20,
          stream: true,
        }),
      });
      const body = await raw.text();
      expect(raw.status).toBe(200);
      expect(body).not.toContain('[DONE]');
      expect(body.trimEnd().split('\n\n').at(-1)).toMatch(/^data: \{"error":\{.*"code":"stream_interrupted"/);
    } finally {
      coder?.clearFaults();
    }
  });

  it('serves a chat request from Python standard library urllib', async () => {
    const script = `
import json, sys, urllib.request
request = urllib.request.Request(sys.argv[1] + "/v1/chat/completions",
    data=json.dumps({"model": "biopipe:data_analysis", "messages": [{"role": "user", "content": "Which test compares two means?"}], "max_tokens": 6}).encode(),
    headers={"Content-Type": "application/json", "Authorization": "Bearer " + sys.argv[2]})
with urllib.request.urlopen(request, timeout=20) as response:
    body = json.load(response)
    print(json.dumps({"status": response.status, "target": response.headers["x-biopipe-route-target"], "content": body["choices"][0]["message"]["content"], "usage": body["usage"]}))
`;
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn('python3', ['-c', script, hybrid.url, KEY], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      status: 200,
      target: 'generalist',
      content: expect.any(String),
      usage: { completion_tokens: 6 },
    });
  });
});
