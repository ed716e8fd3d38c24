import { describe, expect, it } from '@jest/globals';
import { MetricsAccumulator, summarizeMetrics } from '@biopipe/metrics';
import { createReadStatistics, createRoutingMetric } from '@biopipe/metrics/testing';
import { formatTable } from './format-table.js';
import { renderHtml } from './render-html.js';

function summarize(taskType: string, errorClass: string): ReturnType<typeof summarizeMetrics> {
  const accumulator = new MetricsAccumulator();
  const time = Date.parse('2025-06-01T12:00:00Z');
  accumulator.add(createRoutingMetric({ task_type: taskType }), time);
  accumulator.add(
    createRoutingMetric({ task_type: taskType, success: false, error_class: errorClass, fallback_depth: 1 }),
    time + 60_000,
  );
  return summarizeMetrics({
    accumulator,
    statistics: { ...createReadStatistics(), files: ['routing_metrics.jsonl'], lines: 2, metrics: 2 },
    now: time,
  });
}

describe('renderHtml', () => {
  it('escapes names that come from the metrics file', () => {
    const html = renderHtml(summarize('<img src=x onerror=alert(1)>', '"><script>alert(2)</script>'), 'task');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('draws one single-bucket fallback series as a visible segment', () => {
    const html = renderHtml(summarize('code_generation', 'timeout'), 'task');
    expect(html).toMatch(/<path class="line" d="M[\d.]+,[\d.]+ L[\d.]+,[\d.]+"/);
  });
});

describe('formatTable', () => {
  it('lines up the group columns', () => {
    const lines = formatTable(summarize('code_generation', 'timeout'), 'task').split('\n');
    const header = lines.find((line) => line.startsWith('task type'));
    const row = lines.find((line) => line.startsWith('code_generation'));
    expect(header?.length).toBe(row?.length);
  });
});
