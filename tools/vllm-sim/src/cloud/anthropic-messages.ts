import { randomUUID } from 'node:crypto';
import { sendJson, startEventStream } from '../shared/http-io.js';
import { sleep } from '../shared/sleep.js';
import { runStreamSteps, takeStreamFaults } from '../shared/stream-steps.js';
import { generateText, type GenerationMode } from '../shared/text-generator.js';
import { countTokens } from '../shared/tokenizer.js';
import type { CloudRequest } from './cloud-sim-server.js';
import { anthropicError } from './anthropic-errors.js';
import { DEFAULT_KEEP_ALIVE_INTERVAL_MS, holdQueued } from './hold-queued.js';

interface MessagesRequest {
  model: string;
  maxTokens: number;
  prompt: string;
  lastUser: string;
  stream: boolean;
  stopSequences: string[];
}

function blocksText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((block) =>
      typeof block === 'object' && block !== null && (block as { type?: unknown }).type === 'text'
        ? String((block as { text?: unknown }).text ?? '')
        : '',
    )
    .join('');
}

/** Checks a Messages body as the API does. @throws SimHttpError 400 invalid_request_error */
function parseMessages(body: unknown, requestId: string): MessagesRequest {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const bad = (message: string): never => {
    throw anthropicError(400, message, requestId);
  };
  const model = fields['model'];
  if (typeof model !== 'string' || model === '') bad('model: Field required');
  const maxTokens = fields['max_tokens'];
  if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1)
    bad('max_tokens: Field required (a positive integer)');
  const messages = fields['messages'];
  if (!Array.isArray(messages) || messages.length === 0) bad('messages: Field required (a non-empty list)');
  let prompt = blocksText(fields['system']);
  let lastUser = '';
  for (const [index, message] of (messages as unknown[]).entries()) {
    const role = (message as { role?: unknown } | null)?.role;
    if (role !== 'user' && role !== 'assistant') bad(`messages.${index}.role: Input should be 'user' or 'assistant'`);
    const text = blocksText((message as { content?: unknown }).content);
    prompt += `\n${String(role)}: ${text}`;
    if (role === 'user') lastUser = text;
  }
  const stop = fields['stop_sequences'];
  return {
    model: model as string,
    maxTokens: maxTokens as number,
    prompt,
    lastUser,
    stream: fields['stream'] === true,
    stopSequences: Array.isArray(stop) ? stop.filter((item): item is string => typeof item === 'string') : [],
  };
}

/**
 * `POST /v1/messages`: the message, or the event stream in order — `message_start`,
 * `content_block_start`, `ping`, `content_block_delta`…, `content_block_stop`, `message_delta`
 * (cumulative usage), `message_stop` — with no `[DONE]` (PROTOCOLS.md §5).
 */
export async function handleAnthropicMessages(
  call: CloudRequest,
  settings: { mode: GenerationMode; requestId: string },
): Promise<void> {
  const { response, faults, latency, signal } = call;
  const request = parseMessages(call.body, settings.requestId);
  const inputTokens = countTokens(request.prompt);
  const answer = generateText({
    mode: settings.mode,
    echoText: request.lastUser,
    maxTokens: request.maxTokens,
    limit: request.maxTokens,
    stop: request.stopSequences,
  });
  const stopReason =
    answer.stopReason !== null ? 'stop_sequence' : answer.finishReason === 'length' ? 'max_tokens' : 'end_turn';
  const slow = faults.take('slow');
  const queued = faults.take('queueDelay');
  const streamFaults = request.stream ? takeStreamFaults(faults) : {};
  const factor = slow?.factor ?? 1;
  const id = `msg_${randomUUID().replaceAll('-', '')}`;
  const usage = {
    input_tokens: inputTokens,
    output_tokens: answer.tokens.length,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
  };
  const event = (type: string, data: unknown): boolean =>
    response.write(`event: ${type}\ndata: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
  if (!request.stream) {
    let waitMs = (queued?.ms ?? 0) + latency.firstTokenMs(inputTokens, factor) + (slow?.addedFirstTokenMs ?? 0);
    for (let step = 1; step < answer.tokens.length; step += 1) waitMs += latency.interTokenMs(factor);
    await sleep(waitMs, signal);
    return sendJson(response, 200, {
      id,
      type: 'message',
      role: 'assistant',
      model: request.model,
      content: [{ type: 'text', text: answer.tokens.join('') }],
      stop_reason: stopReason,
      stop_sequence: answer.stopReason,
      usage,
    });
  }
  startEventStream(response);
  event('message_start', {
    type: 'message_start',
    message: {
      id,
      type: 'message',
      role: 'assistant',
      model: request.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...usage, output_tokens: 1 },
    },
  });
  if (queued !== undefined) {
    await holdQueued({
      ms: queued.ms,
      intervalMs: queued.intervalMs ?? DEFAULT_KEEP_ALIVE_INTERVAL_MS,
      signal,
      keepAlive: () => event('ping', { type: 'ping' }),
    });
  }
  await sleep(latency.firstTokenMs(inputTokens, factor) + (slow?.addedFirstTokenMs ?? 0), signal);
  event('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
  event('ping', { type: 'ping' });
  const completed = await runStreamSteps(
    {
      steps: answer.tokens.length,
      faults: streamFaults,
      signal,
      gapMs: () => latency.interTokenMs(factor),
      writeStep: (step) =>
        event('content_block_delta', {
          type: 'content_block_delta',
          index: 0,
          delta: { type: 'text_delta', text: answer.tokens[step] ?? '' },
        }),
      writeMalformed: () =>
        event('content_block_delta', '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":'),
      writeError: () => {
        event('error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
        response.end();
      },
    },
    response,
  );
  if (!completed) return;
  event('content_block_stop', { type: 'content_block_stop', index: 0 });
  event('message_delta', {
    type: 'message_delta',
    delta: { stop_reason: stopReason, stop_sequence: answer.stopReason },
    usage: { output_tokens: answer.tokens.length },
  });
  event('message_stop', { type: 'message_stop' });
  response.end();
}
