import type { TimeBucketSummary } from '@biopipe/metrics';
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
const round = (value: number): string => value.toFixed(1);

/** Horizontal bars, three per row (p50, p95, p99), on one linear scale. */
export function renderLatencyChart(id: string, rows: readonly LatencyRow[]): string {
  const width = 760;
  const labelWidth = 170;
  const plotWidth = width - labelWidth - 80;
  const barHeight = 9;
  const rowHeight = barHeight * 3 + 12;
  const height = rows.length * rowHeight + 40;
  const max = Math.max(1, ...rows.flatMap((row) => [row.p50 ?? 0, row.p95 ?? 0, row.p99 ?? 0]));
  const scale = (value: number): number => Math.max(1, (value / max) * plotWidth);
  const body = rows.map((row, index) => {
    const top = 10 + index * rowHeight;
    const bars = SERIES.map(([key, color], series) => {
      const value = row[key];
      if (value === null) return '';
      const y = top + series * barHeight;
      return (
        `<rect class="bar ${key}" x="${labelWidth}" y="${y}" width="${round(scale(value))}" height="${barHeight - 1}" fill="${color}"><title>${escapeHtml(row.name)} ${key}: ${formatMs(value)} ms</title></rect>` +
        `<text x="${round(labelWidth + scale(value) + 4)}" y="${y + barHeight - 1}" class="value">${formatMs(value)}</text>`
      );
    });
    return `<text x="${labelWidth - 8}" y="${top + barHeight * 2}" text-anchor="end" class="label">${escapeHtml(row.name)}</text>${bars.join('')}`;
  });
  const legend = SERIES.map(
    ([key, color], index) =>
      `<rect x="${labelWidth + index * 70}" y="${height - 20}" width="10" height="10" fill="${color}"/><text x="${labelWidth + index * 70 + 14}" y="${height - 11}" class="label">${key}</text>`,
  );
  return `<svg id="${id}" class="chart" role="img" aria-label="Latency percentiles in milliseconds" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">${body.join('')}${legend.join('')}<text x="${width - 4}" y="${height - 11}" text-anchor="end" class="label">ms</text></svg>`;
}

/** Fallback rate per time bucket as a line over request-volume bars. */
export function renderFallbackChart(id: string, buckets: readonly TimeBucketSummary[]): string {
  const width = 760;
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
  const first = buckets[0];
  const last = buckets.at(-1);
  const axis =
    first === undefined || last === undefined
      ? ''
      : `<text x="${left}" y="${height - 22}" class="label">${formatTime(first.start)}</text><text x="${left + plotWidth}" y="${height - 22}" text-anchor="end" class="label">${formatTime(last.start)}</text>`;
  return `<svg id="${id}" class="chart" role="img" aria-label="Fallback rate over time" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">${ticks.join('')}${volume.join('')}<path class="line" d="${line}" fill="none" stroke="#dc2626" stroke-width="2"/>${dots.join('')}${axis}<text x="${left}" y="${height - 6}" class="label">grey bars: requests per bucket; red line: share of requests that fell back</text></svg>`;
}

/** Requests per fallback depth. */
export function renderDepthChart(
  id: string,
  depths: readonly { depth: number; requests: number; share: number }[],
): string {
  const width = 360;
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
  return `<svg id="${id}" class="chart" role="img" aria-label="Requests by fallback depth" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">${bars.join('')}</svg>`;
}
