import { tokenIdOf, tokenIdsOf, tokenize } from '../shared/tokenizer.js';
import { vllmError } from './vllm-errors.js';

/** One prompt to process: its token ids and the text `echo` mode repeats. */
export interface PromptInput {
  tokenIds: number[];
  echoText: string;
}

/** A chat or completions request, checked and reduced to what the simulator needs. */
export interface GenerationRequest {
  endpoint: 'chat' | 'completion';
  /** The requested model; undefined or empty means the base model. */
  model: string | undefined;
  /** Chat: one. Completions: one per prompt in a batch. */
  prompts: PromptInput[];
  maxTokens: number | undefined;
  n: number;
  stream: boolean;
  /** A usage chunk ends the stream (`stream_options` sent; `include_usage` defaults to true in vLLM). */
  includeUsage: boolean;
  /** `continuous_usage_stats`: usage on every chunk. */
  continuousUsage: boolean;
  stop: string[];
  seed: number | undefined;
}

type Body = Record<string, unknown>;

function optionalInteger(body: Body, name: string, minimum: number): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw vllmError(400, `${name}: Input should be a valid integer`, name);
  if (value < minimum) throw vllmError(400, `${name} must be at least ${minimum}, got ${value}.`, name);
  return value;
}

function parseStop(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  throw vllmError(400, 'stop: Input should be a valid string or list of strings', 'stop');
}

/** Text of a chat message `content`: a string, or the text parts of a list (images are skipped). */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) =>
        typeof part === 'object' && part !== null && (part as Body)['type'] === 'text'
          ? String((part as Body)['text'] ?? '')
          : '',
      )
      .join('');
  }
  return '';
}

/** Renders messages with a ChatML template, as Qwen models' chat templates do, with the generation prompt. */
export function renderChatPrompt(messages: readonly unknown[]): { prompt: string; lastUserText: string } {
  let prompt = '';
  let lastUserText = '';
  for (const [index, message] of messages.entries()) {
    if (typeof message !== 'object' || message === null || typeof (message as Body)['role'] !== 'string') {
      throw vllmError(400, `messages.${index}: each message needs a "role" and a "content"`, 'messages');
    }
    const role = (message as Body)['role'] as string;
    const text = contentText((message as Body)['content']);
    if (role === 'user') lastUserText = text;
    prompt += `<|im_start|>${role}\n${text}<|im_end|>\n`;
  }
  return { prompt: `${prompt}<|im_start|>assistant\n`, lastUserText };
}

function parseCompletionPrompts(prompt: unknown): PromptInput[] {
  const isIds = (value: unknown): value is number[] =>
    Array.isArray(value) && value.length > 0 && value.every((item) => Number.isInteger(item));
  if (typeof prompt === 'string') return [{ tokenIds: tokenIdsOf(prompt), echoText: prompt }];
  if (isIds(prompt)) return [{ tokenIds: prompt, echoText: '' }];
  if (Array.isArray(prompt) && prompt.length > 0) {
    return prompt.map((item: unknown) => {
      if (typeof item === 'string') return { tokenIds: tokenIdsOf(item), echoText: item };
      if (isIds(item)) return { tokenIds: item, echoText: '' };
      throw vllmError(
        400,
        'prompt: Input should be a string, a list of strings, a list of token ids or a list of such lists',
        'prompt',
      );
    });
  }
  throw vllmError(
    400,
    prompt === undefined ? 'prompt: Field required' : 'prompt: Input should be a non-empty string or list',
    'prompt',
  );
}

/** Checks a `/v1/chat/completions` or `/v1/completions` body. @throws SimHttpError 400 in vLLM's envelope */
export function parseGenerationRequest(endpoint: 'chat' | 'completion', body: unknown): GenerationRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw vllmError(400, 'The request body must be a JSON object.');
  const fields = body as Body;
  let prompts: PromptInput[];
  if (endpoint === 'chat') {
    const messages = fields['messages'];
    if (!Array.isArray(messages) || messages.length === 0) {
      throw vllmError(
        400,
        messages === undefined ? 'messages: Field required' : 'messages: Input should be a non-empty list',
        'messages',
      );
    }
    const rendered = renderChatPrompt(messages);
    prompts = [{ tokenIds: tokenIdsOf(rendered.prompt), echoText: rendered.lastUserText }];
  } else {
    prompts = parseCompletionPrompts(fields['prompt']);
  }
  const model = fields['model'];
  if (model !== undefined && model !== null && typeof model !== 'string')
    throw vllmError(400, 'model: Input should be a valid string', 'model');
  const streamOptions = fields['stream_options'];
  const hasStreamOptions = typeof streamOptions === 'object' && streamOptions !== null;
  const options = (hasStreamOptions ? streamOptions : {}) as Body;
  const stream = fields['stream'] === true;
  if (hasStreamOptions && !stream)
    throw vllmError(400, 'Stream options can only be defined when `stream=True`.', 'stream_options');
  const seed = fields['seed'];
  return {
    endpoint,
    model: typeof model === 'string' && model !== '' ? model : undefined,
    prompts,
    maxTokens: optionalInteger(fields, 'max_completion_tokens', 1) ?? optionalInteger(fields, 'max_tokens', 1),
    n: optionalInteger(fields, 'n', 1) ?? 1,
    stream,
    includeUsage: hasStreamOptions && options['include_usage'] !== false,
    continuousUsage: hasStreamOptions && options['continuous_usage_stats'] === true,
    stop: parseStop(fields['stop']),
    seed: typeof seed === 'number' && Number.isInteger(seed) ? seed : undefined,
  };
}

/** Tokens of a `/tokenize` body (`prompt`, or `messages` rendered with the chat template). */
export function tokenizeRequestBody(body: Body): { tokenIds: number[]; tokens: string[] } {
  let text: string;
  if (Array.isArray(body['messages'])) text = renderChatPrompt(body['messages'] as unknown[]).prompt;
  else if (typeof body['prompt'] === 'string') text = body['prompt'];
  else throw vllmError(400, 'Either "prompt" (a string) or "messages" (a list) must be given.', 'prompt');
  const tokens = tokenize(text);
  return { tokenIds: tokens.map(tokenIdOf), tokens };
}
