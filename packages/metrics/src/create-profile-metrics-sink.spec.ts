import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createProfileMetricsSink } from './create-profile-metrics-sink.js';
import { createRoutingMetric } from './testing/create-routing-records.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'metrics-profile-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('createProfileMetricsSink', () => {
  it("uses the profile's metrics settings, relative to the working directory", async () => {
    const settings = { path: 'custom/metrics.jsonl', max_file_bytes: 4096, keep_files: 1 };
    const sink = createProfileMetricsSink({ settings, env: {}, cwd: directory });
    expect(sink.path).toBe(path.join(directory, 'custom', 'metrics.jsonl'));
    for (let index = 0; index < 40; index += 1) sink.record(createRoutingMetric({ request_id: `req-${index}` }));
    await sink.close();
    expect((await readdir(path.join(directory, 'custom'))).sort()).toEqual(['metrics.jsonl', 'metrics.jsonl.1']);
  });

  it('lets BIOPIPELINES_METRICS_PATH win over the profile', () => {
    const settings = { path: 'custom/metrics.jsonl', max_file_bytes: 4096, keep_files: 1 };
    const sink = createProfileMetricsSink({
      settings,
      env: { BIOPIPELINES_METRICS_PATH: path.join(directory, 'env.jsonl') },
      cwd: directory,
    });
    expect(sink.path).toBe(path.join(directory, 'env.jsonl'));
  });
});
