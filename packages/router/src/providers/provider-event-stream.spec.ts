import { describe, expect, it } from '@jest/globals';
import { ProviderCallError } from '@biopipe/core';
import { Cancellation } from '../resilience/cancellation.js';
import { CallDeadline } from './call-deadline.js';
import type { OpenCall } from './http-json-call.js';
import type { ProviderStreamEvent } from './provider.js';
import { ProviderEventStream, type StreamDecoder } from './provider-event-stream.js';
import type { BodyConsumer, UpstreamResponse } from './upstream-response.js';

/** An open call whose body the test feeds by hand. */
function createOpenCall(): {
  open: OpenCall;
  send: (text: string) => void;
  end: (error?: Error) => void;
  closed: () => boolean;
} {
  let consumer: BodyConsumer | undefined;
  let closed = false;
  const response: UpstreamResponse = {
    status: 200,
    headers: {},
    read: (reader) => (consumer = reader),
    pause: () => undefined,
    resume: () => undefined,
    destroy: () => undefined,
  };
  const signal = new Cancellation();
  const deadline = new CallDeadline(
    signal,
    { connectMs: 1000, firstTokenMs: 60_000, idleMs: 60_000 },
    { provider: 'vllm', url: 'http://replica' },
  );
  const open: OpenCall = {
    response,
    deadline,
    signal,
    close: () => {
      closed = true;
      deadline.clear();
    },
  };
  return {
    open,
    send: (text) => consumer?.data(Buffer.from(text)),
    end: (error) => consumer?.end(error),
    closed: () => closed,
  };
}

/** Each `data:` is one token; `data: end` finishes. */
const decoder: StreamDecoder = {
  decode: (event, emit) => {
    if (event.data !== 'end') emit({ type: 'text-delta', text: event.data });
  },
  finish: () => ({ type: 'stream-end', finishReason: 'stop', usage: undefined, model: 'm' }),
};

const context = { provider: 'vllm' as const, endpoint: 'http://replica' };
const settleOrder = async (promises: Promise<IteratorResult<ProviderStreamEvent>>[]): Promise<string[]> =>
  Promise.all(
    promises.map((promise) =>
      promise
        .then((result) =>
          result.done === true ? 'done' : result.value.type === 'text-delta' ? result.value.text : 'stream-end',
        )
        .catch((error: Error) => `error: ${error.message}`),
    ),
  );

describe('ProviderEventStream', () => {
  it('answers next() calls made at once, in the order they were made, while opening and while streaming', async () => {
    const call = createOpenCall();
    let opened: (value: OpenCall) => void = () => undefined;
    const stream = new ProviderEventStream(
      () => new Promise((resolve) => (opened = resolve)),
      () => decoder,
      context,
    );
    const early = [stream.next(), stream.next()];
    opened(call.open);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [stream.next(), stream.next()];
    call.send('data: a\n\ndata: b\n\n');
    call.send('data: c\n\n');
    call.send('data: end\n\n');
    call.end();
    expect(await settleOrder([...early, ...later, stream.next(), stream.next()])).toEqual([
      'a',
      'b',
      'c',
      'stream-end',
      'done',
      'done',
    ]);
    expect(call.closed()).toBe(true);
  });

  it('gives the first waiting consumer the failure and the others done', async () => {
    const call = createOpenCall();
    const stream = new ProviderEventStream(
      () => Promise.resolve(call.open),
      () => decoder,
      context,
    );
    const waiting = [stream.next(), stream.next()];
    await new Promise((resolve) => setImmediate(resolve));
    call.end(
      new ProviderCallError({
        provider: 'vllm',
        url: 'http://replica',
        errorClass: 'stream-cut',
        isRetryable: true,
        message: 'cut',
      }),
    );
    expect(await settleOrder(waiting)).toEqual(['error: cut', 'done']);
  });

  it('fails with a stream-cut, not a finish, when the body ends inside an event (no closing blank line)', async () => {
    const call = createOpenCall();
    const stream = new ProviderEventStream(
      () => Promise.resolve(call.open),
      () => decoder,
      context,
    );
    const waiting = [stream.next(), stream.next(), stream.next()];
    const failure = waiting[1]?.catch((error: unknown) => error);
    await new Promise((resolve) => setImmediate(resolve));
    call.send('data: a\n\ndata: end');
    call.end();
    expect(await settleOrder(waiting)).toEqual([
      'a',
      'error: http://replica closed the stream before it was complete.',
      'done',
    ]);
    expect(await failure).toMatchObject({ errorClass: 'stream-cut', isRetryable: true });
  });

  it('rejects the first next() when the call cannot be opened, and ends the others', async () => {
    const stream = new ProviderEventStream(
      () => Promise.reject(new Error('connection refused')),
      () => decoder,
      context,
    );
    expect(await settleOrder([stream.next(), stream.next()])).toEqual(['error: connection refused', 'done']);
    expect(await settleOrder([stream.next()])).toEqual(['done']);
  });

  it('ends quietly when the consumer gave up before a failed open, and closes a call that opens after it gave up', async () => {
    let fail: (error: Error) => void = () => undefined;
    const failing = new ProviderEventStream(
      () => new Promise((_resolve, reject) => (fail = reject)),
      () => decoder,
      context,
    );
    const first = failing.next();
    await failing.return();
    fail(new Error('connection refused'));
    expect(await settleOrder([first])).toEqual(['done']);

    const call = createOpenCall();
    let opened: (value: OpenCall) => void = () => undefined;
    const late = new ProviderEventStream(
      () => new Promise((resolve) => (opened = resolve)),
      () => decoder,
      context,
    );
    const pending = late.next();
    await late.return();
    opened(call.open);
    expect(await settleOrder([pending])).toEqual(['done']);
    expect(call.closed()).toBe(true);
  });

  it('hands the first event of a many-event chunk to a waiting consumer before decoding the rest', async () => {
    const call = createOpenCall();
    const decoded: string[] = [];
    const counting: StreamDecoder = {
      decode: (event, emit) => (decoded.push(event.data), decoder.decode(event, emit)),
      finish: decoder.finish,
    };
    const stream = new ProviderEventStream(
      () => Promise.resolve(call.open),
      () => counting,
      context,
    );
    const first = stream.next();
    await new Promise((resolve) => setImmediate(resolve));
    call.send('data: a\n\ndata: b\n\ndata: c\n\n');
    expect(await first).toEqual({ done: false, value: { type: 'text-delta', text: 'a' } });
    expect(decoded).toEqual(['a']);
    call.send('data: end\n\n');
    call.end();
    expect(await settleOrder([stream.next(), stream.next(), stream.next(), stream.next()])).toEqual([
      'b',
      'c',
      'stream-end',
      'done',
    ]);
    expect(decoded).toEqual(['a', 'b', 'c', 'end']);
  });
});
