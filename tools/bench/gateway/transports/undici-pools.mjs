// One undici Pool per origin, shared by the undici adapters, as the lean client keeps one socket
// stack per origin; idle sockets close after 4 s like the lean client's.
import { Pool } from 'undici';

const pools = new Map();

export function poolFor(options) {
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const origin = `http://${host}:${options.port}`;
  let pool = pools.get(origin);
  if (pool === undefined) {
    const limited = options.connectTimeoutMs > 0 && Number.isFinite(options.connectTimeoutMs);
    pool = new Pool(origin, {
      connect: { timeout: limited ? options.connectTimeoutMs : 0, noDelay: true },
      keepAliveTimeout: 4000,
      pipelining: 1,
    });
    pools.set(origin, pool);
  }
  return pool;
}

/** Repeated headers come as arrays; the lean client joins them with `, ` (RFC 9110 §5.3). */
export function joinHeaders(headers) {
  for (const name in headers) if (Array.isArray(headers[name])) headers[name] = headers[name].join(', ');
  return headers;
}

export function closePools() {
  for (const pool of pools.values()) void pool.close();
  pools.clear();
}
