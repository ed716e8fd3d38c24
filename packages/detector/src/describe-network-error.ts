/** How a failed request ended: nothing reachable there, or something there that broke the exchange. */
export interface NetworkFailure {
  kind: 'unreachable' | 'broken';
  /** A few words, e.g. `connection refused` or `host not found (DNS)`. */
  description: string;
}

const UNREACHABLE: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused (nothing listening)',
  ENOTFOUND: 'host not found (DNS)',
  EAI_AGAIN: 'DNS lookup failed (temporary resolver failure)',
  EAI_FAIL: 'DNS lookup failed',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network unreachable',
  EHOSTDOWN: 'host is down',
  EADDRNOTAVAIL: 'address not available',
};

const BROKEN: Readonly<Record<string, string>> = {
  ECONNRESET: 'connection reset before a complete answer',
  EPIPE: 'connection closed while sending',
  HPE_INVALID_CONSTANT: 'answer is not HTTP',
  HPE_INVALID_STATUS: 'answer is not HTTP',
};

/**
 * Turns a socket error into a state and a few words. Refused and DNS failures mean nothing is there
 * (`unreachable`); a reset or garbled answer means something is there but not working (`broken`).
 */
export function describeNetworkError(error: unknown): NetworkFailure {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code === 'string') {
    const unreachable = UNREACHABLE[code];
    if (unreachable !== undefined) return { kind: 'unreachable', description: unreachable };
    const broken = BROKEN[code];
    if (broken !== undefined) return { kind: 'broken', description: broken };
    if (code.startsWith('HPE_')) return { kind: 'broken', description: 'answer is not valid HTTP' };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'unreachable', description: typeof code === 'string' ? `${code}: ${message}` : message };
}
