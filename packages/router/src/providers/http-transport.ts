import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { ProviderCallError, type ProviderKind } from '@biopipe/core';
import { abortReason } from '../resilience/retry.js';

/**
 * Keep-alive agents shared by every provider: a warm connection saves the TCP handshake on each
 * request. A cancelled request destroys its socket, so no half-read stream returns to the pool.
 */
const agents = {
  http: new http.Agent({ keepAlive: true, scheduling: 'lifo' }),
  https: new https.Agent({ keepAlive: true, scheduling: 'lifo' }),
};

export interface HttpCall {
  provider: ProviderKind;
  /** Base URL for error messages (no credentials). */
  endpoint: string;
  url: URL;
  headers: Readonly<Record<string, string>>;
  body: string;
  signal: AbortSignal;
  connectTimeoutMs: number;
}

/** Node's network error codes, as short failure classes. */
const NETWORK_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ETIMEDOUT: 'timeout-connect',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
};

/** A failure below HTTP as a typed, retryable error (or the abort reason when the call was aborted). */
export function describeNetworkFailure(call: Pick<HttpCall, 'provider' | 'endpoint' | 'signal'>, error: unknown): Error {
  if (call.signal.aborted) return abortReason(call.signal);
  if (ProviderCallError.isInstance(error)) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const errorClass = NETWORK_ERRORS[code] ?? 'network';
  const detail = errorClass === 'refused' ? 'connection refused' : `${code || 'network error'}: ${(error as Error).message}`;
  return new ProviderCallError({ provider: call.provider, url: call.endpoint, errorClass, isRetryable: true, message: `${call.endpoint}: ${detail}.`, cause: error });
}

/**
 * POSTs a JSON body and resolves with the response once its headers arrive. Connect timeout and
 * abort destroy the socket. The response body is left to the caller (`readBody` or a stream parser).
 */
export function postJson(call: HttpCall): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    if (call.signal.aborted) {
      reject(abortReason(call.signal));
      return;
    }
    const secure = call.url.protocol === 'https:';
    const request = (secure ? https : http).request(call.url, {
      method: 'POST',
      agent: secure ? agents.https : agents.http,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(call.body), ...call.headers },
    });
    const onAbort = (): void => {
      request.destroy(abortReason(call.signal));
    };
    call.signal.addEventListener('abort', onAbort, { once: true });
    request.once('close', () => call.signal.removeEventListener('abort', onAbort));
    request.once('socket', (socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(() => {
        request.destroy(
          new ProviderCallError({
            provider: call.provider,
            url: call.endpoint,
            errorClass: 'timeout-connect',
            isRetryable: true,
            message: `${call.endpoint}: no connection within ${call.connectTimeoutMs} ms.`,
          }),
        );
      }, call.connectTimeoutMs);
      socket.once('connect', () => clearTimeout(timer));
      socket.once('close', () => clearTimeout(timer));
    });
    request.once('error', (error) => reject(describeNetworkFailure(call, error)));
    request.once('response', resolve);
    request.end(call.body);
  });
}

/** Reads a whole response body as text (at most `limit` bytes; the rest is dropped). */
export async function readBody(response: IncomingMessage, call: Pick<HttpCall, 'provider' | 'endpoint' | 'signal'>, limit = 8 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      if (size < limit) chunks.push(chunk);
      size += chunk.length;
    }
  } catch (error) {
    throw describeNetworkFailure(call, error);
  }
  if (call.signal.aborted) throw abortReason(call.signal);
  return Buffer.concat(chunks).toString('utf8');
}
