import type { BiopipeError } from './errors.js';
import type { RoutingRecord } from './routing-metric.js';

/** Receives routing records. `record` must return at once and never throw: metrics never block or fail a request. */
export interface MetricsSink {
  record(entry: RoutingRecord): void;
  /** Resolves when everything recorded so far is on disk (or given up on). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** Structured log fields. Never put prompt text, keys or auth headers here. */
export type LogFields = Readonly<Record<string, unknown>>;

/** The logger libraries take by injection (they never write to the console themselves). */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** A logger that drops everything. */
const ignore = (): void => undefined;
export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };

/** Token counts reported by a server. */
export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

/** Why generation stopped, normalised across providers. */
export type FinishReason = 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'other';

/**
 * One part of a streamed answer, whatever the provider. Errors are parts, not exceptions thrown
 * halfway; a stream always ends with `stream-end` or `error`.
 */
export type StreamPart =
  | {
      type: 'stream-start';
      model: string;
      provider: string;
      endpoint: string | null;
      /** The route target (a role, or `cloud`), as in the request's RoutingMetric. */
      target: string;
      /** 0 when the first step of the cascade serves the stream, 1 for the first fallback, … */
      fallbackDepth: number;
    }
  | { type: 'text-delta'; text: string }
  | { type: 'stream-end'; finishReason: FinishReason; usage: TokenUsage | undefined }
  | { type: 'error'; error: BiopipeError };

/** Health of one endpoint as an active check saw it. */
export type EndpointState = 'healthy' | 'unreachable' | 'timeout' | 'unhealthy' | 'wrong_model' | 'auth_error';

/** Something that knows, from active checks, whether an endpoint is healthy (the detector implements it). */
export interface HealthSource {
  /** The last known state of an endpoint, or undefined when it was never checked. */
  endpointState(url: string): EndpointState | undefined;
  /** The context size the endpoint's `/v1/models` listed (`max_model_len`), when it was seen. */
  maxModelLen?(url: string): number | undefined;
}
