/**
 * Minimal Prometheus metric families that print exactly as Python's prometheus_client does (the
 * library vLLM uses): counters as `<name>_total` plus a `<name>_created` gauge family, histograms as
 * cumulative `_bucket{le=…}`, `_count`, `_sum` plus `_created`, floats written like Python (`1.0`).
 */

type Labels = readonly string[];

/** Formats a number as prometheus_client does (`floatToGoString`). */
export function formatValue(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  if (Number.isNaN(value)) return 'NaN';
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return `${value}.0`;
  return String(value);
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function renderLabels(names: Labels, values: Labels, extra = ''): string {
  const pairs = names.map((name, index) => `${name}="${escapeLabel(values[index] ?? '')}"`);
  if (extra !== '') pairs.push(extra);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

interface Series<T> {
  labels: Labels;
  created: number;
  state: T;
}

abstract class Family<T> {
  protected readonly series = new Map<string, Series<T>>();
  /** The last label array looked up: callers reuse one array per label set, so this skips the join. */
  private lastLabels: Labels | undefined;
  private lastSeries: Series<T> | undefined;

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: Labels,
  ) {}

  protected abstract initial(): T;

  protected at(labels: Labels): Series<T> {
    if (labels === this.lastLabels && this.lastSeries !== undefined) return this.lastSeries;
    const key = labels.join('\u0000');
    let found = this.series.get(key);
    if (found === undefined) {
      found = { labels: [...labels], created: Date.now() / 1000, state: this.initial() };
      this.series.set(key, found);
    }
    this.lastLabels = labels;
    this.lastSeries = found;
    return found;
  }

  /** Makes a series exist at zero, as vLLM does for each label set it knows up front. */
  touch(labels: Labels): void {
    this.at(labels);
  }

  protected header(name: string, type: string): string {
    return `# HELP ${name} ${this.help}\n# TYPE ${name} ${type}\n`;
  }

  protected createdBlock(): string {
    let text = this.header(`${this.name}_created`, 'gauge');
    for (const entry of this.series.values()) {
      text += `${this.name}_created${renderLabels(this.labelNames, entry.labels)} ${formatValue(entry.created)}\n`;
    }
    return text;
  }

  abstract render(): string;
}

/** A counter; `name` is given without `_total`. */
export class CounterFamily extends Family<{ value: number }> {
  protected initial(): { value: number } {
    return { value: 0 };
  }
  increment(labels: Labels, by = 1): void {
    this.at(labels).state.value += by;
  }
  render(): string {
    let text = this.header(`${this.name}_total`, 'counter');
    for (const entry of this.series.values()) {
      text += `${this.name}_total${renderLabels(this.labelNames, entry.labels)} ${formatValue(entry.state.value)}\n`;
    }
    return text + this.createdBlock();
  }
}

/** A gauge whose value is read when the metrics are scraped. */
export class GaugeFamily extends Family<{ read: () => number }> {
  protected initial(): { read: () => number } {
    return { read: () => 0 };
  }
  track(labels: Labels, read: () => number): void {
    this.at(labels).state.read = read;
  }
  render(): string {
    let text = this.header(this.name, 'gauge');
    for (const entry of this.series.values()) {
      text += `${this.name}${renderLabels(this.labelNames, entry.labels)} ${formatValue(entry.state.read())}\n`;
    }
    return text;
  }
}

interface HistogramState {
  counts: number[];
  count: number;
  sum: number;
}

/** A histogram with fixed upper bounds (a `+Inf` bucket is added). */
export class HistogramFamily extends Family<HistogramState> {
  constructor(
    name: string,
    help: string,
    labelNames: Labels,
    readonly buckets: readonly number[],
  ) {
    super(name, help, labelNames);
  }
  protected initial(): HistogramState {
    return { counts: new Array<number>(this.buckets.length + 1).fill(0), count: 0, sum: 0 };
  }
  observe(labels: Labels, value: number): void {
    const state = this.at(labels).state;
    let index = 0;
    while (index < this.buckets.length && value > (this.buckets[index] ?? Number.POSITIVE_INFINITY)) index += 1;
    state.counts[index] = (state.counts[index] ?? 0) + 1;
    state.count += 1;
    state.sum += value;
  }
  render(): string {
    let text = this.header(this.name, 'histogram');
    for (const entry of this.series.values()) {
      let cumulative = 0;
      const bounds = [...this.buckets, Number.POSITIVE_INFINITY];
      bounds.forEach((bound, index) => {
        cumulative += entry.state.counts[index] ?? 0;
        text += `${this.name}_bucket${renderLabels(this.labelNames, entry.labels, `le="${formatValue(bound)}"`)} ${formatValue(cumulative)}\n`;
      });
      text += `${this.name}_count${renderLabels(this.labelNames, entry.labels)} ${formatValue(entry.state.count)}\n`;
      text += `${this.name}_sum${renderLabels(this.labelNames, entry.labels)} ${formatValue(entry.state.sum)}\n`;
    }
    return text + this.createdBlock();
  }
}

/** Any metric family. */
export type MetricFamily = CounterFamily | GaugeFamily | HistogramFamily;

/** The exposition text of several families, in order. */
export function renderFamilies(families: readonly MetricFamily[]): string {
  return families.map((family) => family.render()).join('');
}
