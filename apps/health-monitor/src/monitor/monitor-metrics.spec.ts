import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { MonitorMetrics } from './monitor-metrics.js';
import { startMetricsServer } from './metrics-server.js';
import { initialRoleState } from './role-state.js';

describe('MonitorMetrics', () => {
  it('serves per-role up, gave-up, failures, restarts, last check and check latency on /metrics, which promtool accepts', async () => {
    const metrics = new MonitorMetrics();
    const now = new Date('2026-01-01T00:00:00Z');
    metrics.recordRole(
      'coder',
      { ...initialRoleState(), status: 'healthy' },
      { url: 'http://n:1', state: 'healthy', latencyMs: 12, detail: '' },
      now,
    );
    metrics.recordRole(
      'math',
      { ...initialRoleState(), status: 'gave_up', incident: 'gave_up', consecutive_failures: 3 },
      undefined,
      now,
    );
    metrics.recordRestart('math');
    metrics.recordRound();
    const server = await startMetricsServer(metrics, 0, '127.0.0.1');
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await response.text();
      expect(text).toContain('biopipe_fleet_role_up{role="coder"} 1');
      expect(text).toContain('biopipe_fleet_role_up{role="math"} 0');
      expect(text).toContain('biopipe_fleet_role_gave_up{role="math"} 1');
      expect(text).toContain('biopipe_fleet_role_consecutive_failures{role="math"} 3');
      expect(text).toContain('biopipe_fleet_role_restarts_total{role="math"} 1');
      expect(text).toContain('biopipe_fleet_role_last_check_timestamp_seconds{role="coder"} 1767225600');
      expect(text).toContain('biopipe_fleet_check_duration_seconds_count{role="coder"} 1');
      expect((await fetch(`http://127.0.0.1:${server.port}/other`)).status).toBe(404);
      if (spawnSync('promtool', ['--version']).status !== 0)
        throw new Error('promtool is missing; install it with: bash tools/scripts/setup.sh all');
      const lint = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
      expect({ status: lint.status, output: `${lint.stdout}${lint.stderr}` }).toEqual({ status: 0, output: '' });
    } finally {
      await server.close();
    }
  });
});
