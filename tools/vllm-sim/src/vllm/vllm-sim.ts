import type { FaultSwitches } from '../shared/fault-plan.js';
import type { SimFaults } from '../shared/fault-settings.js';
import { RequestRecorder, type RecordedRequest } from '../shared/request-recorder.js';
import { TrackedServer, reservePort } from '../shared/tracked-server.js';
import { formatUrl } from '../shared/format-url.js';
import { VllmEngine } from './vllm-engine.js';
import { createVllmRequestHandler } from './vllm-request-handler.js';
import { resolveVllmSimOptions, type VllmSimOptions } from './vllm-sim-options.js';

/** Counters a test reads back. */
export interface VllmSimStats {
  /** Requests received per path (`/v1/chat/completions`: 3, …), any outcome. */
  requests: Record<string, number>;
  /** Requests being handled now (queued, prefilling or decoding). */
  inFlight: number;
  running: number;
  waiting: number;
  /** TCP connections accepted since start. */
  connectionsAccepted: number;
  openConnections: number;
  listening: boolean;
  dead: boolean;
}

/** A running simulated vLLM server. */
export interface VllmSimHandle {
  /** Base URL, e.g. `http://127.0.0.1:8001` (no `/v1`). */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /** The first served model name. */
  readonly servedModelName: string;
  /** Resolves once the port accepts connections (after `startupDelayMs`); rejects if it cannot listen or is stopped first. */
  readonly ready: Promise<void>;
  /** Resolves when the server is gone: `stopped` by `stop()`, `died` by engine death. */
  readonly closed: Promise<'stopped' | 'died'>;
  /** Closes the listener and destroys every open socket (never waits for keep-alive timeouts). */
  stop(): Promise<void>;
  /** Engine death: in-flight requests fail, `/health` answers 503 for `deathLingerMs`, then the listener closes. */
  kill(): Promise<void>;
  /** Merges a fault update (same as `POST /admin/faults`); returns the faults now in force. */
  setFaults(update: SimFaults): SimFaults;
  clearFaults(): SimFaults;
  faults(): SimFaults;
  stats(): VllmSimStats;
  /** The most recent non-GET requests (`recordLimit` of them), headers redacted. */
  readonly requests: RecordedRequest[];
  /** TCP connections accepted since start. */
  connectionCount(): number;
  /** The `/metrics` text. */
  metricsText(): string;
}

/**
 * Starts one simulated vLLM server. Resolves once the port is known: at once when there is a
 * startup delay (the port refuses connections until `ready`), after listening otherwise.
 * @throws UsageError for bad options; the listen error (e.g. EADDRINUSE) when there is no delay
 */
export async function startVllmSim(options: VllmSimOptions): Promise<VllmSimHandle> {
  const resolved = resolveVllmSimOptions(options);
  const refuseAtStart = resolved.faults?.refuseConnections === true;
  const port =
    resolved.port === 0 && (resolved.startupDelayMs > 0 || refuseAtStart)
      ? await reservePort(resolved.host)
      : resolved.port;
  let isReady = false;
  let finished = false;
  let resolveClosed: (reason: 'stopped' | 'died') => void = () => undefined;
  const closed = new Promise<'stopped' | 'died'>((resolve) => (resolveClosed = resolve));
  let abandonStartup: (() => void) | undefined;
  const timers = new Set<NodeJS.Timeout>();
  const later = (milliseconds: number, action: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      action();
    }, milliseconds);
    timers.add(timer);
  };

  const finish = async (reason: 'stopped' | 'died'): Promise<void> => {
    if (finished) return closed.then(() => undefined);
    finished = true;
    for (const timer of timers) clearTimeout(timer);
    abandonStartup?.();
    await server.stop();
    resolveClosed(reason);
  };
  const kill = async (): Promise<void> => {
    if (finished || engine.isDead) return closed.then(() => undefined);
    engine.die();
    await new Promise<void>((resolve) => later(resolved.deathLingerMs, resolve));
    await finish('died');
  };
  const onSwitch = (switches: FaultSwitches): void => {
    if (finished) return;
    if (switches.die !== false) {
      later(switches.die === true ? 0 : switches.die.afterMs, () => void kill());
    }
    if (!isReady) return;
    if (switches.refuseConnections) server.pause();
    else server.listen().catch(() => undefined);
  };
  const engine = new VllmEngine(resolved, onSwitch);
  const counts = new Map<string, number>();
  const recorder = new RequestRecorder(resolved.recordLimit);
  const stats = (): VllmSimStats => ({
    requests: Object.fromEntries(counts),
    inFlight: engine.inFlightCount,
    running: engine.scheduler.running,
    waiting: engine.scheduler.waiting,
    connectionsAccepted: server.connectionsAccepted,
    openConnections: server.openConnections,
    listening: server.isListening,
    dead: engine.isDead,
  });
  const server = new TrackedServer(createVllmRequestHandler({ engine, recorder, counts, stats }), resolved.host, port);
  if (resolved.faults !== undefined) engine.faults.update(resolved.faults, 'the faults option');

  const becomeReady = async (): Promise<void> => {
    if (finished) return;
    if (!engine.faults.current().refuseConnections) await server.listen();
    isReady = true;
  };
  let ready: Promise<void>;
  if (resolved.startupDelayMs > 0) {
    ready = new Promise<void>((resolve, reject) => {
      abandonStartup = () => reject(new Error('The simulator was stopped before its startup delay ended.'));
      later(resolved.startupDelayMs, () => becomeReady().then(resolve, reject));
    });
    ready.catch(() => undefined);
  } else {
    await becomeReady();
    ready = Promise.resolve();
  }

  return {
    url: formatUrl(resolved.host, server.port),
    port: server.port,
    host: resolved.host,
    servedModelName: resolved.servedModelNames[0] ?? resolved.model,
    ready,
    closed,
    stop: () => {
      engine.abortAll('server-stopped');
      return finish('stopped');
    },
    kill,
    setFaults: (update) => engine.faults.update(update),
    clearFaults: () => engine.faults.clear(),
    faults: () => engine.faults.current(),
    stats,
    get requests() {
      return recorder.requests;
    },
    connectionCount: () => server.connectionsAccepted,
    metricsText: () => engine.metrics.render(),
  };
}
