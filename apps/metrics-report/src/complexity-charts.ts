import type { ComplexitySummary } from '@biopipe/metrics/read';
import { computeTicks } from './chart-axis.js';
import { escapeHtml } from './escape-html.js';
import { formatCount, formatRate } from './format-numbers.js';
import { CHART_WIDTH, round, svgOpen } from './svg-charts.js';

/**
 * Strong-model share per task: one horizontal bar per task on a 0–100 % scale with ticks, the value
 * label (share, escalated of scored) right of its bar, one row per task so labels never meet.
 */
export function renderStrongShareChart(id: string, byTask: ComplexitySummary['by_task']): string {
  const labelWidth = 170;
  const plotWidth = CHART_WIDTH - labelWidth - 150;
  const barHeight = 16;
  const rowHeight = barHeight + 10;
  const top = 10;
  const axisY = top + byTask.length * rowHeight;
  const height = axisY + 40;
  const x = (share: number): number => labelWidth + share * plotWidth;
  const grid = [0, 0.25, 0.5, 0.75, 1].map(
    (tick) =>
      `<line class="tick" x1="${round(x(tick))}" x2="${round(x(tick))}" y1="${top - 4}" y2="${axisY + 4}" stroke="#e5e7eb"/><text x="${round(x(tick))}" y="${axisY + 17}" text-anchor="middle" class="label">${tick * 100}%</text>`,
  );
  const bars = byTask.map((task, index) => {
    const y = top + index * rowHeight;
    const share = task.strong_share ?? 0;
    const width = Math.max(1, share * plotWidth);
    return (
      `<text x="${labelWidth - 8}" y="${y + barHeight - 3}" text-anchor="end" class="label">${escapeHtml(task.task_type)}</text>` +
      `<rect class="bar strong-share" x="${labelWidth}" y="${y}" width="${round(width)}" height="${barHeight}" fill="#dc2626"><title>${escapeHtml(task.task_type)}: ${formatCount(task.strong)} of ${formatCount(task.scored)} escalated</title></rect>` +
      `<text x="${round(labelWidth + width + 4)}" y="${y + barHeight - 3}" class="value">${formatRate(task.strong_share)} (${formatCount(task.strong)} of ${formatCount(task.scored)})</text>`
    );
  });
  const axis = `<line x1="${labelWidth}" x2="${labelWidth + plotWidth}" y1="${axisY + 4}" y2="${axisY + 4}" stroke="#9ca3af"/><text x="${labelWidth + plotWidth}" y="${axisY + 34}" text-anchor="end" class="label">share of scored requests sent to the strong target</text>`;
  return `${svgOpen(id, 'Strong-model share by task type', height)}${grid.join('')}${bars.join('')}${axis}</svg>`;
}

/**
 * Requests per complexity-score bin: vertical bars over the 0–1 score axis (a tick at every bin
 * edge), a count axis with round ticks, and each bar's count above it.
 */
export function renderScoreHistogram(id: string, histogram: ComplexitySummary['histogram']): string {
  const left = 60;
  const plotWidth = CHART_WIDTH - left - 20;
  const top = 20;
  const plotHeight = 160;
  const baseY = top + plotHeight;
  const height = baseY + 48;
  const ticks = computeTicks(Math.max(1, ...histogram.map((bin) => bin.requests)), 4);
  const max = ticks.at(-1) ?? 1;
  const y = (count: number): number => baseY - (count / max) * plotHeight;
  const x = (score: number): number => left + score * plotWidth;
  const countTicks = ticks.map(
    (tick) =>
      `<line class="tick" x1="${left - 4}" x2="${left + plotWidth}" y1="${round(y(tick))}" y2="${round(y(tick))}" stroke="#e5e7eb"/><text x="${left - 8}" y="${round(y(tick) + 4)}" text-anchor="end" class="label">${formatCount(tick)}</text>`,
  );
  const edges = [...new Set(histogram.flatMap((bin) => [bin.from, bin.to]))].map(
    (edge) =>
      `<line class="tick" x1="${round(x(edge))}" x2="${round(x(edge))}" y1="${baseY}" y2="${baseY + 5}" stroke="#6b7280"/><text x="${round(x(edge))}" y="${baseY + 18}" text-anchor="middle" class="label">${edge.toFixed(1)}</text>`,
  );
  const bars = histogram.map((bin) => {
    const barTop = bin.requests === 0 ? baseY : Math.min(baseY - 1, y(bin.requests));
    const from = x(bin.from) + 3;
    const width = Math.max(1, x(bin.to) - x(bin.from) - 6);
    return (
      `<rect class="bar score-bin" x="${round(from)}" y="${round(barTop)}" width="${round(width)}" height="${round(baseY - barTop)}" fill="#6366f1"><title>score ${bin.from.toFixed(1)}–${bin.to.toFixed(1)}: ${formatCount(bin.requests)} requests</title></rect>` +
      `<text x="${round(from + width / 2)}" y="${round(barTop - 4)}" text-anchor="middle" class="value">${formatCount(bin.requests)}</text>`
    );
  });
  const axis = `<line x1="${left}" x2="${left + plotWidth}" y1="${baseY}" y2="${baseY}" stroke="#9ca3af"/><text x="${left + plotWidth}" y="${height - 6}" text-anchor="end" class="label">complexity score (bars: requests per bin)</text>`;
  return `${svgOpen(id, 'Requests by complexity score', height)}${countTicks.join('')}${bars.join('')}${edges.join('')}${axis}</svg>`;
}
