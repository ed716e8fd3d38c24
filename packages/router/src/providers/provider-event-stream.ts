import { ServerSentEventParser, UNTERMINATED_EVENT, type ServerSentEvent } from '../sse/sse-parser.js';
import { openJsonCall, type JsonCall, type OpenCall } from './http-json-call.js';
import type { ProviderStreamEvent } from './provider.js';
import { describeStreamFailure, streamCut, type StreamContext } from './provider-failures.js';

/** What one provider makes of its server-sent events. */
export interface StreamDecoder {
  /** Reads one event, passing the text deltas it carries to `emit`; throws a ProviderCallError for an in-band error or a malformed chunk. */
  decode(event: ServerSentEvent, emit: (event: ProviderStreamEvent) => void): void;
  /** The body ended: the `finish` event, or throws when the stream was cut before its end marker. */
  finish(): ProviderStreamEvent;
}

/** Queued events past which the upstream read pauses until the consumer catches up (to RESUME_AT). */
const PAUSE_AT = 256;
const RESUME_AT = 32;

/** Events ready to be taken, and how the stream ended once it has. */
interface StreamState {
  queue: ProviderStreamEvent[];
  /** Index of the next event to hand out. */
  head: number;
  ending: { error: Error | undefined } | undefined;
  /** Consumers waiting for the next event, oldest first. */
  waiters: { resolve: (result: IteratorResult<ProviderStreamEvent>) => void; reject: (error: Error) => void }[];
  /** The upstream read is paused: a consumer slower than the server. */
  paused: boolean;
}

/**
 * A provider's stream as an async iterator, fed by the response body as it arrives: bytes -> SSE
 * parser -> the provider's decoder -> a queue the consumer pulls from, with no async step in
 * between. The call is opened on the first `next()`. Every text delta re-arms the idle deadline.
 * Events already queued are handed out before a failure is thrown; `return()` (a consumer that stops
 * early) closes the upstream connection. A consumer that falls behind pauses the upstream read, so a
 * slow client holds back the server through TCP instead of piling events up here.
 */
export class ProviderEventStream implements AsyncIterableIterator<ProviderStreamEvent> {
  private open: OpenCall | undefined;
  private opening: Promise<void> | undefined;
  private opened = false;
  /** Why the call could not be opened, until the first consumer is told. */
  private openFailure: Error | undefined;
  private readonly state: StreamState = { queue: [], head: 0, ending: undefined, waiters: [], paused: false };

  constructor(
    private readonly openCall: () => Promise<OpenCall>,
    private readonly createDecoder: (context: StreamContext) => StreamDecoder,
    private readonly context: Omit<StreamContext, 'signal'>,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<ProviderStreamEvent>> {
    if (this.opened) return this.take();
    this.opening ??= this.start().then(
      () => {
        this.opened = true;
      },
      (error: unknown) => {
        this.opened = true;
        // A call that never opened ends the stream; the first consumer gets why, unless it gave up first.
        if (this.state.ending === undefined) this.openFailure = error as Error;
        this.state.ending ??= { error: undefined };
      },
    );
    // Calls made while the call opens are answered in the order they were made.
    return this.opening.then(() => this.take());
  }

  private take(): Promise<IteratorResult<ProviderStreamEvent>> {
    const failure = this.openFailure;
    if (failure !== undefined) {
      this.openFailure = undefined;
      return Promise.reject(failure);
    }
    const { state } = this;
    if (state.head < state.queue.length) {
      const value = state.queue[state.head++] as ProviderStreamEvent;
      if (state.head === state.queue.length) {
        state.queue.length = 0;
        state.head = 0;
      }
      if (state.paused && state.queue.length - state.head <= RESUME_AT) {
        state.paused = false;
        this.open?.deadline.resume();
        this.open?.response.resume();
      }
      return Promise.resolve({ done: false, value });
    }
    if (state.ending !== undefined) {
      const { error } = state.ending;
      state.ending.error = undefined;
      return error === undefined ? Promise.resolve({ done: true, value: undefined }) : Promise.reject(error);
    }
    return new Promise((resolve, reject) => state.waiters.push({ resolve, reject }));
  }

  return(): Promise<IteratorResult<ProviderStreamEvent>> {
    this.settle(undefined);
    this.state.queue.length = 0;
    return Promise.resolve({ done: true, value: undefined });
  }

  private async start(): Promise<void> {
    const open = await this.openCall();
    this.open = open;
    // The consumer gave up while the call was opening.
    if (this.state.ending !== undefined) {
      open.close();
      return;
    }
    const context: StreamContext = { ...this.context, signal: open.signal };
    const decoder = this.createDecoder(context);
    // Body bytes not yet parsed, events parsed but not yet decoded, and how the body ended.
    const chunks: Buffer[] = [];
    const backlog: ServerSentEvent[] = [];
    let next = 0;
    let bodyEnd: { error: Error | undefined; parsed: boolean } | undefined;
    let deferred = false;
    let handedOver = false;
    const emit = (event: ProviderStreamEvent): void => {
      if (event.type === 'text-delta') open.deadline.tokenReceived();
      handedOver = this.push(event) || handedOver;
    };
    const parser = new ServerSentEventParser((event) => backlog.push(event));
    // Decodes what has arrived, in order. When an event goes to a consumer that was waiting for it,
    // the rest waits for the next turn of the event loop: the consumer runs first (and writes to its
    // own client), instead of after a chunk holding many events has been decoded whole.
    const decodeBacklog = (): void => {
      deferred = false;
      try {
        for (;;) {
          if (this.state.ending !== undefined) return;
          if (next < backlog.length) {
            handedOver = false;
            decoder.decode(backlog[next++] as ServerSentEvent, emit);
            if (handedOver && (next < backlog.length || chunks.length > 0)) {
              deferred = true;
              setImmediate(decodeBacklog);
              return;
            }
            continue;
          }
          backlog.length = 0;
          next = 0;
          const chunk = chunks.shift();
          if (chunk !== undefined) {
            parser.push(chunk);
            continue;
          }
          if (bodyEnd === undefined) return;
          if (bodyEnd.error !== undefined) throw bodyEnd.error;
          if (!bodyEnd.parsed) {
            bodyEnd.parsed = true;
            if (parser.end()) throw streamCut(context, new Error(UNTERMINATED_EVENT));
            continue;
          }
          this.push(decoder.finish());
          this.settle(undefined);
          return;
        }
      } catch (error) {
        this.settle(describeStreamFailure(context, error));
      }
    };
    open.response.read({
      data: (chunk) => {
        if (this.state.ending !== undefined) return;
        chunks.push(chunk);
        if (!deferred) decodeBacklog();
      },
      end: (error) => {
        if (this.state.ending !== undefined || bodyEnd !== undefined) return;
        bodyEnd = { error, parsed: false };
        if (!deferred) decodeBacklog();
      },
    });
  }

  /** Hands `event` to the oldest waiting consumer (true), or queues it. */
  private push(event: ProviderStreamEvent): boolean {
    const { state } = this;
    const waiter = state.waiters.shift();
    if (waiter !== undefined) {
      waiter.resolve({ done: false, value: event });
      return true;
    }
    state.queue.push(event);
    if (!state.paused && state.ending === undefined && state.queue.length - state.head >= PAUSE_AT) {
      state.paused = true;
      this.open?.response.pause();
      this.open?.deadline.pause();
    }
    return false;
  }

  /** Ends the stream once: closes the call and wakes the waiting consumers (the first gets the error). */
  private settle(error: Error | undefined): void {
    const { state } = this;
    if (state.ending !== undefined) return;
    state.ending = { error };
    this.open?.close();
    const waiters = state.waiters;
    state.waiters = [];
    for (const waiter of waiters) {
      const failure = state.ending.error;
      state.ending.error = undefined;
      if (failure === undefined) waiter.resolve({ done: true, value: undefined });
      else waiter.reject(failure);
    }
  }
}

/** A provider's streamed JSON call: opened on the first read, its events decoded by the protocol's decoder. */
export function streamJsonCall(
  call: JsonCall,
  createDecoder: (context: StreamContext) => StreamDecoder,
): AsyncIterableIterator<ProviderStreamEvent> {
  return new ProviderEventStream(() => openJsonCall(call), createDecoder, {
    provider: call.provider,
    endpoint: call.endpoint,
  });
}
