import { describe, expect, it } from '@jest/globals';
import { connect } from 'node:net';
import { findJsonOffenders } from './find-json-offenders.js';
import { runBiopipe } from './run-biopipe.js';

function refuses(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('biopipe demo', () => {
  it('tells the story on a fresh simulated fleet and leaves nothing running', async () => {
    const result = await runBiopipe(['demo'], { env: { HOME: '/nonexistent-home' } });
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toMatch(/code_generation\s+-> coder · qwen2\.5-coder-7b-instruct · depth 0/);
    expect(out).toMatch(/math_statistics\s+-> math · /);
    expect(out).toMatch(/orchestration\s+-> cloud \(task routed to the cloud\)/);
    expect(out).toMatch(/embeddings\s+-> embeddings · bge-m3 · depth 0 .* 1024 dimensions/);
    expect(out).toMatch(/data_analysis\s+-> generalist · streamed \d+ chunks, then: .*cut off after it started/);
    // vLLM's pointer to its own log is not ours to relay: there is no stack trace above.
    expect(out).not.toMatch(/stack trace/i);
    expect(out).toMatch(/documentation\s+-> cloud \(fallback from generalist\) · deepseek-chat · depth 1/);
    expect(out).toMatch(
      /documentation\s+-> refused: Local role "generalist" is unavailable and strategy "demo_local_only" does not allow the cloud/,
    );
    expect(out).toMatch(/connections to the simulated cloud during the PHI-safe requests: 0/);
    expect(out).toMatch(/11 requests: 82% served, 27% needed a fallback, 36% went to the cloud/);
    // Every server it started is gone.
    const urls = [...out.matchAll(/http:\/\/127\.0\.0\.1:\d+/g)].map((match) => match[0]);
    expect(urls.length).toBeGreaterThanOrEqual(6);
    for (const url of new Set(urls)) expect(await refuses(url)).toBe(true);
  }, 90_000);
});

describe('biopipe demo --json', () => {
  it('prints the steps and the metrics summary as one JSON document', async () => {
    const result = await runBiopipe(['--json', 'demo'], { env: { HOME: '/nonexistent-home' } });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      steps: { title: string; lines: string[] }[];
      metrics: { totals: { requests: number } };
    };
    expect(report.steps.map((step) => step.title)).toHaveLength(5);
    expect(report.metrics.totals.requests).toBe(11);
    expect(findJsonOffenders(report)).toEqual([]);
  }, 90_000);
});
