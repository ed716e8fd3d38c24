import type { ProviderKind } from '@biopipe/core';
import { abortReason, Cancellation } from '../resilience/cancellation.js';
import { CallDeadline } from './call-deadline.js';
import { postJson, readBody, type UpstreamTarget } from './http-transport.js';
import { parseErrorResponse } from './parse-error-response.js';
import type { CallOptions } from './provider.js';
import { malformedResponse } from './provider-failures.js';
import type { UpstreamResponse } from './upstream-response.js';

/** Where and how one provider call goes. */
export interface JsonCall {
  provider: ProviderKind;
  endpoint: string;
  target: UpstreamTarget;
  headers: Readonly<Record<string, string>>;
  body: unknown;
  options: CallOptions;
  now: () => number;
}

/** An open call: a 2xx response whose body the caller reads, with its deadline and cleanup. */
export interface OpenCall {
  response: UpstreamResponse;
  deadline: CallDeadline;
  /** Aborts on the caller's cancel, the request's total deadline and this call's own deadlines. */
  signal: Cancellation;
  /** Stops the deadline, detaches from the caller's signal and closes the connection unless the body was read to its end. */
  close(): void;
}

/**
 * Sends one JSON POST with the first-token deadline armed; resolves once a 2xx response's headers
 * are in, and throws a typed ProviderCallError for any error status (its body read and parsed).
 */
export async function openJsonCall(call: JsonCall): Promise<OpenCall> {
  const { cancellation, unlink } = Cancellation.linkedTo(call.options.signal);
  const deadline = new CallDeadline(cancellation, call.options.limits, { provider: call.provider, url: call.endpoint });
  let response: UpstreamResponse | undefined;
  const close = (): void => {
    deadline.clear();
    unlink();
    response?.destroy();
  };
  const context = { provider: call.provider, endpoint: call.endpoint, signal: cancellation };
  try {
    response = await postJson({
      ...context,
      target: call.target,
      headers: { 'x-request-id': call.options.requestId, ...call.headers },
      body: JSON.stringify(call.body),
      connectTimeoutMs: call.options.limits.connectMs,
    });
    const status = response.status;
    if (status < 200 || status >= 300) {
      const text = await readBody(response, context, 64 * 1024);
      throw parseErrorResponse({
        provider: call.provider,
        endpoint: call.endpoint,
        status,
        headers: response.headers,
        body: text,
        now: call.now(),
      });
    }
    return { response, deadline, signal: cancellation, close };
  } catch (error) {
    close();
    throw cancellation.aborted ? abortReason(cancellation) : error;
  }
}

/** Sends a JSON POST and parses the whole JSON answer within the first-token deadline. */
export async function callJson(call: JsonCall): Promise<unknown> {
  const open = await openJsonCall(call);
  try {
    const text = await readBody(open.response, {
      provider: call.provider,
      endpoint: call.endpoint,
      signal: open.signal,
    });
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw malformedResponse(call, `${call.endpoint} sent a response that is not JSON.`, error);
    }
  } finally {
    open.close();
  }
}
