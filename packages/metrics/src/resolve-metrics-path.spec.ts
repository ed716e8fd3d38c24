import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_METRICS_PATH, resolveMetricsPath } from './resolve-metrics-path.js';

describe('resolveMetricsPath', () => {
  const cwd = path.resolve('/srv/project');

  it('defaults to logs/routing_metrics.jsonl under the working directory', () => {
    expect(resolveMetricsPath({ env: {}, cwd })).toBe(path.join(cwd, DEFAULT_METRICS_PATH));
  });

  it('takes the profile path over the default, and the environment over both', () => {
    expect(resolveMetricsPath({ env: {}, cwd, profilePath: 'metrics/profile.jsonl' })).toBe(
      path.join(cwd, 'metrics/profile.jsonl'),
    );
    expect(
      resolveMetricsPath({
        env: { BIOPIPELINES_METRICS_PATH: '/var/log/biopipe.jsonl' },
        cwd,
        profilePath: 'metrics/profile.jsonl',
      }),
    ).toBe(path.resolve('/var/log/biopipe.jsonl'));
  });

  it('ignores an empty BIOPIPELINES_METRICS_PATH', () => {
    expect(resolveMetricsPath({ env: { BIOPIPELINES_METRICS_PATH: ' ' }, cwd })).toBe(
      path.join(cwd, DEFAULT_METRICS_PATH),
    );
  });
});
