import { randomUUID } from 'node:crypto';
import { sendJson, startEventStream } from '../shared/http-io.js';
import { sleep } from '../shared/sleep.js';
import { runStreamSteps, takeStreamFaults } from '../shared/stream-steps.js';
import { generateText, type GenerationMode } from '../shared/text-generator.js';
import { countTokens } from '../shared/tokenizer.js';
import type { CloudRequest } from './cloud-sim-server.js';
import { DEFAULT_KEEP_ALIVE_INTERVAL_MS, holdQueued } from './hold-queued.js';
import { openAiBadRequest, openAiErrorBody, openAiStatusError } from './openai-errors.js';

/** Context window of the simulated cloud chat models (DeepSeek V3: 128K). */
const CONTEXT_TOKENS = 131_072;

function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) =>
      typeof part === 'object' && part !== null && typeof (part as { text?: unknown }).text === 'string'
        ? (part as { text: string }).text
        : '',
    )
    .join('');
}

/** Parses a chat request as OpenAI validates it. @throws SimHttpError 400/404 */
function parseChat(
  body: unknown,
  models: readonly string[] | undefined,
): {
  model: string;
  prompt: string;
  lastUser: string;
  maxTokens: number | undefined;
  stream: boolean;
  includeUsage: boolean;
} {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const model = fields['model'];
  if (typeof model !== 'string' || model === '') throw openAiBadRequest('you must provide a model parameter', 'model');
  if (models !== undefined && !models.includes(model)) {
    throw openAiStatusError(404, `The model \`${model}\` does not exist or you do not have access to it.`);
  }
  const messages = fields['messages'];
  if (!Array.isArray(messages) || messages.length === 0)
    throw openAiBadRequest("'messages' must be a non-empty array", 'messages');
  let prompt = '';
  let lastUser = '';
  for (const message of messages as Array<Record<string, unknown>>) {
    const text = messageText(message?.['content']);
    prompt += `${String(message?.['role'] ?? '')}: ${text}\n`;
    if (message?.['role'] === 'user') lastUser = text;
  }
  const maxTokens = fields['max_completion_tokens'] ?? fields['max_tokens'];
  if (
    maxTokens !== undefined &&
    maxTokens !== null &&
    (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1)
  ) {
    throw openAiBadRequest('max_tokens must be a positive integer', 'max_tokens');
  }
  const streamOptions = fields['stream_options'] as Record<string, unknown> | undefined;
  return {
    model,
    prompt,
    lastUser,
    maxTokens: typeof maxTokens === 'number' ? maxTokens : undefined,
    stream: fields['stream'] === true,
    includeUsage: streamOptions?.['include_usage'] === true,
  };
}

/**
 * `POST /chat/completions` as DeepSeek and OpenAI answer it: the answer or an OpenAI-style stream
 * (role chunk, content chunks, an empty-delta finish chunk, a usage chunk when
 * `stream_options.include_usage` is true, `data: [DONE]`), with keep-alives while "queued".
 */
export async function handleOpenAiChat(
  call: CloudRequest,
  settings: { mode: GenerationMode; models: readonly string[] | undefined },
): Promise<void> {
  const chat = parseChat(call.body, settings.models);
  const { response, faults, latency, signal } = call;
  const promptTokens = countTokens(chat.prompt);
  const answer = generateText({
    mode: settings.mode,
    echoText: chat.lastUser,
    maxTokens: chat.maxTokens,
    limit: Math.max(CONTEXT_TOKENS - promptTokens, 1),
  });
  const slow = faults.take('slow');
  const queued = faults.take('queueDelay');
  const streamFaults = chat.stream ? takeStreamFaults(faults) : {};
  const header = {
    id: `chatcmpl-${randomUUID()}`,
    created: Math.floor(Date.now() / 1000),
    model: chat.model,
    system_fingerprint: 'fp_sim',
  };
  const usage = {
    prompt_tokens: promptTokens,
    completion_tokens: answer.tokens.length,
    total_tokens: promptTokens + answer.tokens.length,
  };
  const write = (data: unknown): boolean =>
    response.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
  const usageField = chat.includeUsage ? { usage: null } : {};
  if (chat.stream) startEventStream(response);
  else if (queued !== undefined) response.writeHead(200, { 'content-type': 'application/json' });
  if (queued !== undefined) {
    const keepAlive = chat.stream
      ? (): boolean => response.write(': keep-alive\n\n')
      : (): boolean => response.write('\n');
    await holdQueued({
      ms: queued.ms,
      intervalMs: queued.intervalMs ?? DEFAULT_KEEP_ALIVE_INTERVAL_MS,
      signal,
      keepAlive,
    });
  }
  const factor = slow?.factor ?? 1;
  await sleep(latency.firstTokenMs(promptTokens, factor) + (slow?.addedFirstTokenMs ?? 0), signal);
  if (!chat.stream) {
    let decodeMs = 0;
    for (let step = 1; step < answer.tokens.length; step += 1) decodeMs += latency.interTokenMs(factor);
    await sleep(decodeMs, signal);
    const body = {
      ...header,
      object: 'chat.completion',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: answer.tokens.join('') },
          logprobs: null,
          finish_reason: answer.finishReason,
        },
      ],
      usage,
    };
    if (response.headersSent) response.end(JSON.stringify(body));
    else sendJson(response, 200, body);
    return;
  }
  const chunk = (delta: unknown, finishReason: string | null): unknown => ({
    ...header,
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...usageField,
  });
  write(chunk({ role: 'assistant', content: '' }, null));
  const completed = await runStreamSteps(
    {
      steps: answer.tokens.length,
      faults: streamFaults,
      signal,
      gapMs: () => latency.interTokenMs(factor),
      writeStep: (step) => write(chunk({ content: answer.tokens[step] ?? '' }, null)),
      writeMalformed: () =>
        write(`{"id":"${header.id}","object":"chat.completion.chunk","choices":[{"delta":{"content":`),
      writeError: () => {
        write(
          openAiErrorBody('The server had an error while processing your request. Sorry about that!', 'server_error'),
        );
        response.end();
      },
    },
    response,
  );
  if (!completed) return;
  write(chunk({}, answer.finishReason));
  if (chat.includeUsage) write({ ...header, object: 'chat.completion.chunk', choices: [], usage });
  write('[DONE]');
  response.end();
}
