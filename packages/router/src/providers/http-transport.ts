import https from 'node:https';
import { ProviderCallError, type ProviderKind } from '@biopipe/core';
import { abortReason, type CancelSignal } from '../resilience/cancellation.js';
import { Http1Client } from './http1-client.js';
import { createCodedError } from './http1-errors.js';
import { wrapIncomingMessage, type UpstreamResponse } from './upstream-response.js';

/**
 * Keep-alive connections shared by every provider: a warm connection saves the TCP handshake on each
 * request, and a cancelled request destroys its socket, so no half-read body returns to a pool.
 * Plain `http:` (the local fleet, every request's hot path) goes through the lean HTTP/1.1 client;
 * `https:` (the cloud) through node's https agent.
 */
const plainClient = new Http1Client();
const secureAgent = new https.Agent({ keepAlive: true, scheduling: 'lifo' });

/** Where a call goes, fixed per provider endpoint (parsed once, not per request). */
export interface UpstreamTarget {
  secure: boolean;
  host: string;
  port: number;
  path: string;
}

/** Parses an endpoint URL into a target. */
export function toUpstreamTarget(url: URL): UpstreamTarget {
  const secure = url.protocol === 'https:';
  return {
    secure,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port === '' ? (secure ? 443 : 80) : Number(url.port),
    path: `${url.pathname}${url.search}`,
  };
}

export interface HttpCall {
  provider: ProviderKind;
  /** Base URL for error messages (no credentials). */
  endpoint: string;
  target: UpstreamTarget;
  headers: Readonly<Record<string, string>>;
  body: string;
  signal: CancelSignal;
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
  HPE_INVALID: 'malformed-response',
};

/** A failure below HTTP as a typed, retryable error (or the abort reason when the call was aborted). */
export function describeNetworkFailure(
  call: Pick<HttpCall, 'provider' | 'endpoint' | 'signal'>,
  error: unknown,
): Error {
  if (call.signal.aborted) return abortReason(call.signal);
  if (ProviderCallError.isInstance(error)) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const errorClass = NETWORK_ERRORS[code] ?? 'network';
  const detail =
    errorClass === 'refused' ? 'connection refused' : `${code || 'network error'}: ${(error as Error).message}`;
  return new ProviderCallError({
    provider: call.provider,
    url: call.endpoint,
    errorClass,
    isRetryable: true,
    message: `${call.endpoint}: ${detail}.`,
    cause: error,
  });
}

/**
 * POSTs a JSON body and resolves with the response once its headers arrive. Connect timeout and
 * abort destroy the socket. The body is left to the caller (`readBody`, or a stream reader).
 */
export function postJson(call: HttpCall): Promise<UpstreamResponse> {
  if (call.signal.aborted) return Promise.reject(abortReason(call.signal));
  const { target } = call;
  if (!target.secure) {
    return plainClient
      .request({
        host: target.host,
        port: target.port,
        method: 'POST',
        path: target.path,
        headers: { 'content-type': 'application/json', ...call.headers },
        body: call.body,
        signal: call.signal,
        connectTimeoutMs: call.connectTimeoutMs,
      })
      .catch((error: unknown) => {
        throw describeNetworkFailure(call, error);
      });
  }
  return new Promise((resolve, reject) => {
    const request = https.request({
      host: target.host,
      port: target.port,
      path: target.path,
      method: 'POST',
      agent: secureAgent,
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
        request.destroy(createCodedError('ETIMEDOUT', `no connection within ${call.connectTimeoutMs} ms`));
      }, call.connectTimeoutMs);
      socket.once('connect', () => clearTimeout(timer));
      socket.once('close', () => clearTimeout(timer));
    });
    request.once('error', (error) => reject(describeNetworkFailure(call, error)));
    request.once('response', (response) => resolve(wrapIncomingMessage(request, response)));
    request.end(call.body);
  });
}

/** Reads a whole response body as text (at most `limit` bytes; the rest is dropped). */
export function readBody(
  response: UpstreamResponse,
  call: Pick<HttpCall, 'provider' | 'endpoint' | 'signal'>,
  limit = 8 * 1024 * 1024,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.read({
      data(chunk) {
        if (size < limit) chunks.push(chunk);
        size += chunk.length;
      },
      end(error) {
        if (call.signal.aborted) reject(abortReason(call.signal));
        else if (error !== undefined) reject(describeNetworkFailure(call, error));
        else
          resolve(
            chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8'),
          );
      },
    });
  });
}
