import type { TimeBucketSummary } from '@biopipe/metrics';
import { computeTicks } from './chart-axis.js';
import { escapeHtml } from './escape-html.js';
import { formatMs, formatRate, formatTime } from './format-numbers.js';

/** One row of the latency chart. */
export interface LatencyRow {
  name: string;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

const SERIES = [
  ['p50', '#2b8cbe'],
  ['p95', '#f59e0b'],
  ['p99', '#dc2626'],
] as const;
/** A coordinate with one decimal, as every chart writes them. */
export const round = (value: number): string => value.toFixed(1);
/** Every chart draws in this many user units across and scales to the page width (CSS), fonts included. */
export const CHART_WIDTH = 960;
/** The opening tag every chart shares: full width, scaled with its fonts. */
export const svgOpen = (id: string, label: string, height: number): string =>
  `<svg id="${id}" class="chart" role="img" aria-label="${label}" viewBox="0 0 ${CHART_WIDTH} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">`;

/**
 * Horizontal bars, three per row (p50, p95, p99), on one linear scale with ticks. Each bar has a
 * row as tall as its value label, so labels of nearly equal bars sit one under another, never on top.
 */
export function renderLatencyChart(id: string, rows: readonly LatencyRow[]): string {
  const width = CHART_WIDTH;
  const labelWidth = 170;
  const plotWidth = width - labelWidth - 70;
  const barHeight = 14;
  const rowHeight = barHeight * 3 + 12;
  const top = 10;
  const axisY = top + rows.length * rowHeight;
  const height = axisY + 54;
  const ticks = computeTicks(Math.max(1, ...rows.flatMap((row) => [row.p50 ?? 0, row.p95 ?? 0, row.p99 ?? 0])));
  const max = ticks.at(-1) ?? 1;
  const scale = (value: number): number => Math.max(1, (value / max) * plotWidth);
  const grid = ticks.map((tick) => {
    const x = round(labelWidth + (tick / max) * plotWidth);
    return `<line class="tick" x1="${x}" x2="${x}" y1="${top - 4}" y2="${axisY + 4}" stroke="#e5e7eb"/><text x="${x}" y="${axisY + 17}" text-anchor="middle" class="label">${Number.isInteger(tick) ? String(tick) : formatMs(tick)}</text>`;
  });
  const body = rows.map((row, index) => {
    const rowTop = top + index * rowHeight;
    const bars = SERIES.map(([key, color], series) => {
      const value = row[key];
      if (value === null) return '';
      const y = rowTop + series * barHeight;
      return (
        `<rect class="bar ${key}" x="${labelWidth}" y="${y}" width="${round(scale(value))}" height="${barHeight - 2}" fill="${color}"><title>${escapeHtml(row.name)} ${key}: ${formatMs(value)} ms</title></rect>` +
        `<text x="${round(labelWidth + scale(value) + 4)}" y="${y + barHeight - 4}" class="value">${formatMs(value)}</text>`
      );
    });
    return `<text x="${labelWidth - 8}" y="${rowTop + barHeight * 1.5 + 4}" text-anchor="end" class="label">${escapeHtml(row.name)}</text>${bars.join('')}`;
  });
  const legend = SERIES.map(
    ([key, color], index) =>
      `<rect x="${labelWidth + index * 70}" y="${height - 18}" width="10" height="10" fill="${color}"/><text x="${labelWidth + index * 70 + 14}" y="${height - 9}" class="label">${key}</text>`,
  );
  const axis = `<line x1="${labelWidth}" x2="${labelWidth + plotWidth}" y1="${axisY + 4}" y2="${axisY + 4}" stroke="#9ca3af"/><text x="${labelWidth + plotWidth}" y="${axisY + 32}" text-anchor="end" class="label">latency, ms</text>`;
  return `${svgOpen(id, 'Latency percentiles in milliseconds', height)}${grid.join('')}${body.join('')}${axis}${legend.join('')}</svg>`;
}

/** Fallback rate per time bucket as a line over request-volume bars. */
export function renderFallbackChart(id: string, buckets: readonly TimeBucketSummary[]): string {
  const width = CHART_WIDTH;
  const height = 240;
  const left = 50;
  const plotWidth = width - left - 20;
  const plotHeight = height - 60;
  const top = 15;
  const maxRate = Math.max(0.01, ...buckets.map((bucket) => bucket.fallback_rate ?? 0));
  const ceiling = Math.ceil(maxRate * 20) / 20;
  const maxRequests = Math.max(1, ...buckets.map((bucket) => bucket.requests));
  const step = plotWidth / Math.max(1, buckets.length);
  const x = (index: number): number => left + step * index + step / 2;
  const y = (rate: number): number => top + plotHeight - (rate / ceiling) * plotHeight;
  const volume = buckets.map((bucket, index) => {
    const barHeight = Math.max(1, (bucket.requests / maxRequests) * plotHeight * 0.35);
    return `<rect class="volume" x="${round(left + step * index + step * 0.1)}" y="${round(top + plotHeight - barHeight)}" width="${round(Math.max(1, step * 0.8))}" height="${round(barHeight)}" fill="#e5e7eb"><title>${formatTime(bucket.start)}: ${bucket.requests} requests</title></rect>`;
  });
  const points = buckets.map((bucket, index) => [x(index), y(bucket.fallback_rate ?? 0)] as const);
  // A single bucket still gets a visible segment.
  const drawn =
    points.length === 1 && points[0] !== undefined
      ? [
          [points[0][0] - step / 2, points[0][1]],
          [points[0][0] + step / 2, points[0][1]],
        ]
      : points;
  const line = drawn.map(([px, py], index) => `${index === 0 ? 'M' : 'L'}${round(px)},${round(py)}`).join(' ');
  const dots = buckets.map(
    (bucket, index) =>
      `<circle class="point" cx="${round(x(index))}" cy="${round(y(bucket.fallback_rate ?? 0))}" r="2.5" fill="#dc2626"><title>${formatTime(bucket.start)}: ${formatRate(bucket.fallback_rate)} fallback (${bucket.fallbacks} of ${bucket.requests})</title></circle>`,
  );
  const ticks = [0, 0.5, 1].map(
    (fraction) =>
      `<line x1="${left}" x2="${left + plotWidth}" y1="${round(y(ceiling * fraction))}" y2="${round(y(ceiling * fraction))}" stroke="#d1d5db"/><text x="${left - 6}" y="${round(y(ceiling * fraction) + 4)}" text-anchor="end" class="label">${formatRate(ceiling * fraction)}</text>`,
  );
  // Time ticks: about four, on bucket centres; a label is kept inside the plot and is never closer
  // to the previous one than a label's width (about 140 units at this font size).
  const every = Math.max(1, Math.ceil(buckets.length / 4));
  const labelHalf = 70;
  let lastLabelX = -Infinity;
  const timeTicks = buckets.flatMap((bucket, index) => {
    if (index % every !== 0 && index !== buckets.length - 1) return [];
    const labelX = Math.min(Math.max(x(index), left + labelHalf), left + plotWidth - labelHalf);
    if (labelX - lastLabelX < labelHalf * 2) return [];
    lastLabelX = labelX;
    return [
      `<line class="tick" x1="${round(x(index))}" x2="${round(x(index))}" y1="${top + plotHeight}" y2="${top + plotHeight + 5}" stroke="#6b7280"/><text x="${round(labelX)}" y="${height - 22}" text-anchor="middle" class="label">${formatTime(bucket.start)}</text>`,
    ];
  });
  const axis = `<line x1="${left}" x2="${left + plotWidth}" y1="${top + plotHeight}" y2="${top + plotHeight}" stroke="#9ca3af"/>${timeTicks.join('')}`;
  return `${svgOpen(id, 'Fallback rate over time', height)}${ticks.join('')}${volume.join('')}<path class="line" d="${line}" fill="none" stroke="#dc2626" stroke-width="2"/>${dots.join('')}${axis}<text x="${left}" y="${height - 6}" class="label">grey bars: requests per bucket; red line: share of requests that fell back</text></svg>`;
}

/** Requests per fallback depth. */
export function renderDepthChart(
  id: string,
  depths: readonly { depth: number; requests: number; share: number }[],
): string {
  const width = CHART_WIDTH;
  const height = 160;
  const barWidth = Math.min(60, (width - 40) / Math.max(1, depths.length) - 10);
  const max = Math.max(1, ...depths.map((entry) => entry.requests));
  const bars = depths.map((entry, index) => {
    const barHeight = Math.max(1, (entry.requests / max) * (height - 50));
    const x = 20 + index * (barWidth + 10);
    return (
      `<rect class="bar depth" x="${round(x)}" y="${round(height - 25 - barHeight)}" width="${round(barWidth)}" height="${round(barHeight)}" fill="#6366f1"><title>depth ${entry.depth}: ${entry.requests} requests</title></rect>` +
      `<text x="${round(x + barWidth / 2)}" y="${height - 10}" text-anchor="middle" class="label">${entry.depth}</text><text x="${round(x + barWidth / 2)}" y="${round(height - 29 - barHeight)}" text-anchor="middle" class="value">${formatRate(entry.share)}</text>`
    );
  });
  const axis = `<line x1="10" x2="${round(Math.min(width - 10, 30 + depths.length * (barWidth + 10)))}" y1="${height - 25}" y2="${height - 25}" stroke="#9ca3af"/><text x="${round(30 + depths.length * (barWidth + 10))}" y="${height - 10}" class="label">fallback depth (label: share of requests)</text>`;
  return `${svgOpen(id, 'Requests by fallback depth', height)}${bars.join('')}${axis}</svg>`;
}
