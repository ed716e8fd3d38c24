import type { IncomingMessage } from 'node:http';
import { ProviderCallError, type ProviderKind } from '@biopipe/core';
import { abortReason } from '../resilience/retry.js';
import { CallDeadline } from './call-deadline.js';
import { postJson, readBody } from './http-transport.js';
import { createLinkedAbort } from './linked-abort.js';
import { parseErrorResponse } from './parse-error-response.js';
import type { CallOptions } from './provider.js';

/** Where and how one provider call goes. */
export interface JsonCall {
  provider: ProviderKind;
  endpoint: string;
  url: URL;
  headers: Readonly<Record<string, string>>;
  body: unknown;
  options: CallOptions;
  now: () => number;
}

/** An open call: a 200 response whose body the caller reads, with its deadline and cleanup. */
export interface OpenCall {
  response: IncomingMessage;
  deadline: CallDeadline;
  signal: AbortSignal;
  /** Stops the deadline, detaches from the caller's signal and closes the connection unless the body was read to its end. */
  close(): void;
}

/**
 * Sends one JSON POST with the first-token deadline armed; resolves once a 2xx response's headers
 * are in, and throws a typed ProviderCallError for any error status (its body read and parsed).
 */
export async function openJsonCall(call: JsonCall): Promise<OpenCall> {
  const { controller, unlink } = createLinkedAbort(call.options.signal);
  const deadline = new CallDeadline(controller, call.options.limits, { provider: call.provider, url: call.endpoint });
  let response: IncomingMessage | undefined;
  const close = (): void => {
    deadline.clear();
    unlink();
    if (response !== undefined && !response.complete) response.destroy();
  };
  const context = { provider: call.provider, endpoint: call.endpoint, signal: controller.signal };
  try {
    response = await postJson({
      ...context,
      url: call.url,
      headers: { 'x-request-id': call.options.requestId, ...call.headers },
      body: JSON.stringify(call.body),
      connectTimeoutMs: call.options.limits.connectMs,
    });
    const status = response.statusCode ?? 0;
    if (status < 200 || status >= 300) {
      const text = await readBody(response, context, 64 * 1024);
      throw parseErrorResponse({ provider: call.provider, endpoint: call.endpoint, status, headers: response.headers, body: text, now: call.now() });
    }
    return { response, deadline, signal: controller.signal, close };
  } catch (error) {
    close();
    throw controller.signal.aborted ? abortReason(controller.signal) : error;
  }
}

/** Sends a JSON POST and parses the whole JSON answer within the first-token deadline. */
export async function callJson(call: JsonCall): Promise<unknown> {
  const open = await openJsonCall(call);
  try {
    const text = await readBody(open.response, { provider: call.provider, endpoint: call.endpoint, signal: open.signal });
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new ProviderCallError({ provider: call.provider, url: call.endpoint, errorClass: 'malformed-response', isRetryable: true, message: `${call.endpoint} sent a response that is not JSON.`, cause: error });
    }
  } finally {
    open.close();
  }
}
