import { redactUrl } from '../providers/redact-url.js';
import { parseVllmLoad, type VllmLoad } from './parse-vllm-load.js';

/** What the monitor knows of one replica's load now. */
export type ReplicaLoadReading =
  | {
      known: true;
      load: VllmLoad;
      at: number;
      /** This router's own requests in flight there when the page was read (already in running + waiting). */
      ownInFlight: number;
    }
  | { known: false; reason: string };

export interface ReplicaLoadMonitorOptions {
  now: () => number;
  /** Scrape a replica at most this often; 0 never scrapes. */
  intervalMs: number;
  timeoutMs: number;
  /** A reading older than this is unknown. */
  staleMs: number;
  /** @default fetch of `${url}/metrics` */
  scrape?: (url: string, signal: AbortSignal) => Promise<string>;
  /** This router's requests in flight to a replica now, so a reading is not counted twice with them. @default none */
  ownInFlight?: (url: string) => number;
}

async function fetchMetrics(url: string, signal: AbortSignal): Promise<string> {
  const response = await fetch(`${url.replace(/\/+$/, '')}/metrics`, { signal });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.text();
}

/**
 * vLLM `/metrics` load per replica, refreshed in the background while traffic asks for it: a read
 * starts a scrape when the last one is older than the interval and never waits for it, so routing
 * never blocks on a slow metrics page. A failed, slow or unreadable scrape makes the load unknown,
 * never the replica dead: health is the detector's and the circuit breaker's call.
 */
export class ReplicaLoadMonitor {
  private readonly readings = new Map<string, ReplicaLoadReading>();
  private readonly lastStarted = new Map<string, number>();
  private readonly pending = new Map<string, Promise<void>>();

  constructor(private readonly options: ReplicaLoadMonitorOptions) {}

  /** The load to route on now (starting a background scrape when due). */
  read(url: string): ReplicaLoadReading {
    this.refreshIfDue(url);
    const reading = this.readings.get(url);
    if (reading === undefined) return { known: false, reason: 'not scraped yet' };
    if (reading.known && this.options.now() - reading.at > this.options.staleMs)
      return { known: false, reason: 'last scrape is stale' };
    return reading;
  }

  /** Records a reading (a scrape, or one taken elsewhere: a benchmark's simulated scrape, a test). */
  record(url: string, load: VllmLoad): void {
    const ownInFlight = this.options.ownInFlight?.(url) ?? 0;
    this.readings.set(url, { known: true, load, at: this.options.now(), ownInFlight });
  }

  /** Scrapes one replica now; resolves when the reading is stored (never rejects). */
  scrapeNow(url: string): Promise<void> {
    const running = this.pending.get(url);
    if (running !== undefined) return running;
    this.lastStarted.set(url, this.options.now());
    const scrape = this.options.scrape ?? fetchMetrics;
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    const done = scrape(url, signal)
      .then((text) => {
        const load = parseVllmLoad(text);
        if (load === undefined) this.readings.set(url, { known: false, reason: 'no vLLM load gauges on /metrics' });
        else this.record(url, load);
      })
      .catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        this.readings.set(url, { known: false, reason: `scrape of ${redactUrl(url)}/metrics failed: ${message}` });
      })
      .finally(() => this.pending.delete(url));
    this.pending.set(url, done);
    return done;
  }

  private refreshIfDue(url: string): void {
    const { intervalMs } = this.options;
    if (intervalMs === 0 || this.pending.has(url)) return;
    const last = this.lastStarted.get(url);
    if (last !== undefined && this.options.now() - last < intervalMs) return;
    void this.scrapeNow(url);
  }
}
