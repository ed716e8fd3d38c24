import type { IncomingMessage, ServerResponse } from 'node:http';
import { UsageError } from '@biopipe/core';
import { GatewayError } from './gateway-errors.js';

/** Who may reach the gateway from a browser, and under which Host names. */
export interface RequestOriginPolicy {
  /**
   * Refuses a request whose Host names another machine (DNS rebinding: a page on `evil.example` whose
   * name now resolves to 127.0.0.1 would otherwise read the answers), or whose Origin is not allowed
   * (a page could POST `text/plain` without a preflight). An allowed origin gets its CORS headers.
   * @throws GatewayError (misdirected_request, forbidden_origin)
   */
  check(request: IncomingMessage, response: ServerResponse): void;
  /** True when the request was a CORS preflight of an allowed origin, now answered (204). */
  answerPreflight(request: IncomingMessage, response: ServerResponse): boolean;
}

const LOOPBACK_NAMES = new Set(['localhost', '::1', '[::1]']);
const CORS_METHODS = 'GET, POST, OPTIONS';
const CORS_HEADERS = 'authorization, content-type, x-request-id, x-biopipe-task';
const EXPOSED_HEADERS = 'x-request-id, x-biopipe-route-target, x-biopipe-model, x-biopipe-fallback-depth';

/** A loopback name or address: `localhost`, 127.0.0.0/8, `::1`. */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase();
  return LOOPBACK_NAMES.has(name) || /^127(?:\.\d{1,3}){3}$/.test(name);
}

/** `name[:port]` or `[v6][:port]` into its lower-cased name and port (undefined when absent or odd). */
function splitHostHeader(value: string): { name: string; port: string | undefined } {
  const text = value.trim().toLowerCase();
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(text);
  if (match === null) return { name: text, port: undefined };
  return { name: match[1] ?? '', port: match[2] };
}

/** An `--allow-origin` value as browsers send it (`scheme://host[:port]`), or a UsageError saying why not. */
export function normalizeAllowedOrigin(value: string): string {
  if (value === 'null') return value;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    parsed = new URL('invalid:');
  }
  const isWeb = parsed.protocol === 'http:' || parsed.protocol === 'https:';
  if (!isWeb || parsed.username !== '' || (parsed.pathname !== '/' && parsed.pathname !== '') || parsed.search !== '')
    throw new UsageError(
      `--allow-origin "${value}" is not an origin.`,
      'Give the scheme, host and port a browser sends in its Origin header, e.g. --allow-origin https://notebook.example:8443.',
    );
  return parsed.origin;
}

function normalizeRequestOrigin(value: string): string {
  try {
    const origin = new URL(value).origin;
    return origin === 'null' ? value : origin;
  } catch {
    return value;
  }
}

/**
 * The policy for a gateway bound to `bindHost:port`. The Host check applies on a loopback bind (a
 * wider bind is reached under names the gateway cannot know; its bearer key guards it); `allowHosts`
 * adds names, e.g. of a reverse proxy in front. No origin is allowed unless listed: the gateway serves
 * no page of its own, so any browser request comes from someone else's.
 */
export function createRequestOriginPolicy(options: {
  bindHost: string;
  port: () => number;
  allowOrigins: readonly string[];
  allowHosts: readonly string[];
}): RequestOriginPolicy {
  const origins = new Set(options.allowOrigins.map(normalizeAllowedOrigin));
  const hosts = new Set(options.allowHosts.map((name) => splitHostHeader(name).name));
  const checkHost = isLoopbackHost(options.bindHost);

  const hostAllowed = (value: string): boolean => {
    const { name, port } = splitHostHeader(value);
    if (hosts.has(name)) return true;
    return isLoopbackHost(name.replace(/^\[|\]$/g, '')) && (port === undefined || port === String(options.port()));
  };

  const allowedOrigin = (request: IncomingMessage): string | undefined => {
    const given = request.headers.origin;
    if (given === undefined) return undefined;
    if (!origins.has(normalizeRequestOrigin(given)))
      throw new GatewayError('forbidden_origin', `Requests from the web origin "${given}" are refused.`, {
        hint: 'biopipe serve answers browser pages only from origins given with --allow-origin ORIGIN.',
      });
    return given;
  };

  return {
    check(request, response) {
      const host = request.headers.host;
      if (checkHost && host !== undefined && !hostAllowed(host))
        throw new GatewayError('misdirected_request', `This gateway does not answer for the host "${host}".`, {
          hint: 'Call it as localhost or 127.0.0.1; behind a reverse proxy, start biopipe serve with --allow-host NAME.',
        });
      const origin = allowedOrigin(request);
      if (origin === undefined) return;
      response.setHeader('access-control-allow-origin', origin);
      response.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
      response.setHeader('vary', 'Origin');
    },
    answerPreflight(request, response) {
      if (
        request.method !== 'OPTIONS' ||
        request.headers.origin === undefined ||
        request.headers['access-control-request-method'] === undefined
      )
        return false;
      response.writeHead(204, {
        'access-control-allow-methods': CORS_METHODS,
        'access-control-allow-headers': CORS_HEADERS,
        'access-control-max-age': '600',
        'content-length': 0,
      });
      response.end();
      return true;
    },
  };
}
