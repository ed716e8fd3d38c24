import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findClosedPort, startCliFleet, type CliFleet } from './cli-fleet.js';
import { BIOPIPE_MAIN } from './run-biopipe.js';

// `biopipe ask`, `embed` and `route` as real processes against a simulated fleet on free ports.
const KEY = 'sk-ASK-distinctive-90210-key';
const PROMPT = 'ASK-CANARY how do I trim adapters from paired-end reads';
let cli: CliFleet;

function writeProfile(name: string, allowCloud: boolean): void {
  cli.writeProfile(
    name,
    `allow_cloud: ${allowCloud}
${cli.endpoints}
task_routing: { "*": generalist, code_generation: coder, embeddings: embeddings }
timeouts: { first_token_ms: 1000, idle_ms: 1000 }
${allowCloud ? `fallback: [sim-deepseek]\n${cli.simDeepseek}` : ''}
`,
  );
}

const biopipe = (args: string[], input?: string) => cli.biopipe(args, { input });

beforeAll(async () => {
  cli = await startCliFleet({ prefix: 'biopipe-ask-', key: KEY });
  writeProfile('fleet_hybrid', true);
  writeProfile('fleet_local', false);
});
afterAll(() => cli.stop());

describe('biopipe ask', () => {
  it('prints the answer on stdout and the route on stderr, and writes one metric without the prompt or key', async () => {
    const result = await biopipe(['-s', 'fleet_hybrid', 'ask', '--task', 'code_generation', PROMPT]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().length).toBeGreaterThan(0);
    expect(result.stderr).toMatch(
      /^route: fleet_hybrid -> coder \(code_generation\); qwen2\.5-coder-7b-instruct at http:\/\/127\.0\.0\.1:\d+; fallback depth 0; 1 attempt; \d+ ms\n$/,
    );
    const metrics = readFileSync(cli.metricsPath, 'utf8');
    expect(metrics).toContain('"task_type":"code_generation"');
    expect(metrics).not.toContain('ASK-CANARY');
    expect(metrics).not.toContain(KEY);
  });

  it('streams, reads the prompt from stdin with -, and reports everything as JSON with --json', async () => {
    const streamed = await biopipe(['-s', 'fleet_local', 'ask', '--stream', '-'], 'Explain a VCF file');
    expect(streamed.code).toBe(0);
    expect(streamed.stdout.trim().length).toBeGreaterThan(0);
    expect(streamed.stderr).toMatch(/first token \d+ ms/);
    const json = await biopipe(['--json', '-s', 'fleet_local', 'ask', '--stream', 'Explain a BAM file']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: true,
      answer: expect.any(String),
      finish_reason: expect.any(String),
      route: { strategy: 'fleet_local', target: 'generalist', fallback_depth: 0, cloud: false },
    });
    expect(json.stderr).toBe('');
  });

  it('exits 1 when every backend it tried failed, naming each attempt', async () => {
    // A role nobody listens on, and a cloud fallback that answers 500 to everything.
    const closed = await findClosedPort();
    writeFileSync(
      path.join(cli.configDir, 'strategies', 'fleet_broken.yaml'),
      `profile_name: fleet_broken
allow_cloud: true
vllm_endpoints: { generalist: "http://127.0.0.1:${closed}" }
task_routing: { "*": generalist }
retry: { base_delay_ms: 0, max_delay_ms: 0 }
fallback: [sim-deepseek]
${cli.simDeepseek}
`,
    );
    cli.fleet.cloud?.openai.setFaults({ fail: { status: 500 } });
    try {
      const result = await biopipe(['-s', 'fleet_broken', 'ask', 'hello']);
      expect(result.code).toBe(1);
      // The cloud model was retried: listed once, with the count.
      expect(result.stderr).toMatch(
        /^error: Every backend tried failed \(http:\/\/127\.0\.0\.1:\d+: refused; http:\/\/127\.0\.0\.1:\d+: http-500 ×[2-9]\)\./m,
      );
      expect(result.stderr).toMatch(/^hint: /m);
      expect(result.stdout).toBe('');
    } finally {
      cli.fleet.cloud?.openai.clearFaults();
    }
  });

  it('exits 3 in ask, embed, route and a PHI-safe chat when nothing is reachable (refused everywhere, no key)', async () => {
    const closed = await findClosedPort();
    const unreachable = (name: string, allowCloud: boolean) =>
      writeFileSync(
        path.join(cli.configDir, 'strategies', `${name}.yaml`),
        `profile_name: ${name}
allow_cloud: ${allowCloud}
vllm_endpoints: { generalist: "http://127.0.0.1:${closed}", embeddings: "http://127.0.0.1:${closed}" }
task_routing: { "*": generalist, embeddings: embeddings }
retry: { base_delay_ms: 0, max_delay_ms: 0 }
${
  allowCloud
    ? `fallback: [sim-deepseek]
cloud_models:
  sim-deepseek: { provider: openai-compatible, model: deepseek-chat, base_url: "${cli.fleet.cloud?.openai.url ?? ''}", api_key_env: UNSET_DEEPSEEK_KEY }`
    : ''
}
`,
      );
    unreachable('fleet_nowhere', true);
    unreachable('fleet_nowhere_local', false);
    const before = cli.cloudConnections();
    const ask = await biopipe(['-s', 'fleet_nowhere', 'ask', 'hello']);
    expect(ask.code).toBe(3);
    expect(ask.stderr).toMatch(
      /^error: No backend could be reached \(http:\/\/127\.0\.0\.1:\d+: refused; http:\/\/127\.0\.0\.1:\d+: no-key\)\./m,
    );
    const embed = await biopipe(['-s', 'fleet_nowhere', 'embed', 'GC content']);
    expect(embed.code).toBe(3);
    const route = await biopipe(['-s', 'fleet_nowhere', 'route', 'hello']);
    expect(route.code).toBe(3);
    expect(route.stdout).toMatch(/^verdict {4}nothing can serve this request now/m);
    const routeJson = await biopipe(['--json', '-s', 'fleet_nowhere', 'route', 'hello']);
    expect(routeJson.code).toBe(3);
    const chat = await biopipe(['-s', 'fleet_nowhere_local', 'chat'], 'first question\nsecond question\n');
    expect(chat.code).toBe(3);
    expect(chat.stderr).toMatch(/does not allow the cloud/);
    expect(cli.cloudConnections()).toBe(before);
    // A route that can serve says who would, and exits 0.
    const serving = await biopipe(['-s', 'fleet_local', 'route', 'hello']);
    expect(serving.code).toBe(0);
    expect(serving.stdout).toMatch(/^verdict {4}generalist at http:\/\/127\.0\.0\.1:\d+ would serve \(healthy\)$/m);
  });

  it('falls back to the cloud (depth 1) when the role is down, and exits 3 under a PHI-safe profile without contacting it', async () => {
    const generalist = cli.fleet.roles['generalist']?.handle;
    generalist?.setFaults({ fail: { status: 503 } });
    try {
      const plain = await biopipe(['-s', 'fleet_hybrid', 'ask', 'hello']);
      expect(plain.code).toBe(0);
      expect(plain.stderr).toMatch(
        /^route: fleet_hybrid -> generalist \(intent_parsing\); generalist http-503( ×\d)? → deepseek-chat at http:\/\/127\.0\.0\.1:\d+ \[cloud\], fallback depth 1; \d attempts;/m,
      );
      const hybrid = await biopipe(['--json', '-s', 'fleet_hybrid', 'ask', 'hello']);
      expect(JSON.parse(hybrid.stdout)).toMatchObject({
        route: { fallback_depth: 1, cloud: true, model: 'deepseek-chat' },
      });
      const before = cli.cloudConnections();
      const local = await biopipe(['-s', 'fleet_local', 'ask', PROMPT]);
      expect(local.code).toBe(3);
      expect(local.stderr).toMatch(
        /^error: Local role "generalist" is unavailable and strategy "fleet_local" does not allow the cloud/,
      );
      expect(local.stderr).toContain('http-503');
      expect(cli.cloudConnections()).toBe(before);
    } finally {
      generalist?.clearFaults();
    }
  });

  it('exits 2 for an unknown task type and for an empty prompt', async () => {
    expect((await biopipe(['-s', 'fleet_local', 'ask', '--task', 'nope', 'x'])).code).toBe(2);
    const embeddings = await biopipe(['-s', 'fleet_local', 'ask', '--task', 'embeddings', 'GC content']);
    expect(embeddings.code).toBe(2);
    expect(embeddings.stderr).toMatch(/^hint: Use `biopipe embed TEXT\.\.\.` to embed texts\.$/m);
    expect(embeddings.stdout).toBe('');
    const empty = await biopipe(['-s', 'fleet_local', 'ask', '-'], '  ');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/Standard input was empty/);
  });

  it('cancels the upstream request on Ctrl-C and exits 130', async () => {
    const generalist = cli.fleet.roles['generalist']?.handle;
    generalist?.setFaults({ slow: { addedFirstTokenMs: 10_000 } });
    try {
      const child = spawn(
        process.execPath,
        [BIOPIPE_MAIN, '--config-dir', cli.configDir, '-s', 'fleet_local', 'ask', 'wait for me'],
        { env: { PATH: process.env['PATH'] ?? '', ...cli.env }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const started = Date.now();
      while ((generalist?.stats().inFlight ?? 0) === 0 && Date.now() - started < 20_000)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(generalist?.stats().inFlight).toBe(1);
      child.kill('SIGINT');
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code).toBe(130);
      expect(stderr).toMatch(/cancelled/);
      const waited = Date.now();
      while ((generalist?.stats().inFlight ?? 0) > 0 && Date.now() - waited < 10_000)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(generalist?.stats().inFlight).toBe(0);
    } finally {
      generalist?.clearFaults();
    }
  });
});

describe('biopipe embed', () => {
  it('prints the model and dimension, and the vectors with --json', async () => {
    const plain = await biopipe(['-s', 'fleet_local', 'embed', 'GC content', 'read depth']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^model {7}bge-m3\ndimensions {2}1024\nvectors {5}2\n/);
    const json = JSON.parse((await biopipe(['--json', '-s', 'fleet_local', 'embed', 'GC content'])).stdout) as {
      model: string;
      dimensions: number;
      vectors: number[][];
    };
    expect(json).toMatchObject({ model: 'bge-m3', dimensions: 1024 });
    expect(json.vectors[0]).toHaveLength(1024);
  });
});

describe('biopipe route', () => {
  it('explains the candidates with their health and calls no model', async () => {
    const coder = cli.fleet.roles['coder']?.handle;
    const before = coder?.stats().requests['/v1/chat/completions'] ?? 0;
    const result = await biopipe(['--json', '-s', 'fleet_hybrid', 'route', '--task', 'code_generation', 'x']);
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout) as {
      target: string;
      health_checked: boolean;
      candidates: { target: string; state: string; endpoint: string | null }[];
    };
    expect(plan).toMatchObject({ target: 'coder', health_checked: true });
    expect(plan.candidates.map((candidate) => [candidate.target, candidate.state])).toEqual([
      ['coder', 'healthy'],
      ['sim-deepseek', 'unknown'],
    ]);
    expect(coder?.stats().requests['/v1/chat/completions'] ?? 0).toBe(before);
    const phi = await biopipe(['-s', 'fleet_local', 'route', 'x']);
    expect(phi.stdout).toMatch(/cloud:cloud +- +disallowed/);
  });
});
