import type { IncomingHttpHeaders } from 'node:http';

/** One request a simulator received, as tests read it back. Secrets are already replaced. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Lower-case header names; credentials replaced by `[redacted]`. */
  headers: Record<string, string>;
  /** The JSON body parsed, the raw text when it was not JSON, or undefined when empty. */
  body: unknown;
  /** Milliseconds since the epoch. */
  receivedAt: number;
}

/** Headers whose values are credentials and never kept. */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'api-key',
  'cookie',
  'set-cookie',
]);

/** Copies headers with credentials replaced, so a recorded request is safe to print. */
export function redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    copy[name] = SECRET_HEADERS.has(name) ? '[redacted]' : Array.isArray(value) ? value.join(', ') : value;
  }
  return copy;
}

/** Keeps the most recent requests, up to a limit, so a long-running simulator does not grow forever. */
export class RequestRecorder {
  private readonly kept: RecordedRequest[] = [];
  private total = 0;

  constructor(private readonly limit: number) {}

  record(entry: RecordedRequest): void {
    this.total += 1;
    if (this.limit <= 0) return;
    if (this.kept.length >= this.limit) this.kept.shift();
    this.kept.push(entry);
  }

  /** The kept requests, oldest first (a copy). */
  get requests(): RecordedRequest[] {
    return [...this.kept];
  }

  /** Every request received, including those no longer kept. */
  get count(): number {
    return this.total;
  }

  clear(): void {
    this.kept.length = 0;
    this.total = 0;
  }
}
