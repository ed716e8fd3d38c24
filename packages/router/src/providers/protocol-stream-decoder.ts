import type { FinishReason, TokenUsage } from '@biopipe/core';
import type { ServerSentEvent } from '../sse/sse-parser.js';
import type { StreamDecoder } from './provider-event-stream.js';
import type { ProviderStreamEvent } from './provider.js';
import { streamCut, type StreamContext } from './provider-failures.js';

/**
 * What both wire protocols' streams share: the server names the model as it goes, says why it
 * finished, and ends on a marker (`[DONE]`, `message_stop`). Events after the marker are read, so
 * the body reaches its end and the keep-alive connection can be reused, and ignored; a body that ends
 * without the marker was cut, and is never passed off as complete.
 */
export abstract class ProtocolStreamDecoder implements StreamDecoder {
  protected finishReason: FinishReason | undefined;
  /** The end marker arrived. */
  protected ended = false;

  constructor(
    protected readonly context: StreamContext,
    protected model: string,
  ) {}

  decode(event: ServerSentEvent, emit: (event: ProviderStreamEvent) => void): void {
    if (!this.ended) this.read(event, emit);
  }

  finish(): ProviderStreamEvent {
    if (!this.ended) throw streamCut(this.context);
    return { type: 'stream-end', finishReason: this.finishReason ?? 'other', usage: this.usage(), model: this.model };
  }

  /** Reads one event before the end marker; throws a ProviderCallError for an in-band error or a malformed chunk. */
  protected abstract read(event: ServerSentEvent, emit: (event: ProviderStreamEvent) => void): void;

  /** The token counts the stream reported, if it did. */
  protected abstract usage(): TokenUsage | undefined;
}
