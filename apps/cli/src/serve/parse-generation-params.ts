import type { ChatMessage } from '@biopipe/router';
import { invalidField } from './gateway-errors.js';

type Body = Record<string, unknown>;

/** What a chat or completions request asks for, validated (PROTOCOLS.md §1.3, §1.4). */
export interface GenerationParams {
  /** Chat: the conversation. Completions: the prompt as one user message. */
  messages: ChatMessage[];
  maxTokens: number | undefined;
  temperature: number | undefined;
  stop: string[] | undefined;
  stream: boolean;
  /** `stream_options.include_usage`: end the stream with a usage chunk. */
  includeUsage: boolean;
}

const ROLES: Readonly<Record<string, ChatMessage['role']>> = {
  system: 'system',
  developer: 'system',
  user: 'user',
  assistant: 'assistant',
};

function readContent(value: unknown, index: number): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) {
    let text = '';
    for (const part of value as unknown[]) {
      const typed = part as Body | null;
      if (
        typeof typed !== 'object' ||
        typed === null ||
        typed['type'] !== 'text' ||
        typeof typed['text'] !== 'string'
      ) {
        throw invalidField(
          `messages[${index}].content`,
          `messages[${index}].content has a part that is not {"type":"text","text":"..."}; biopipe serve passes text only.`,
        );
      }
      text += typed['text'];
    }
    return text;
  }
  throw invalidField(
    `messages[${index}].content`,
    `messages[${index}].content must be a string or a list of text parts.`,
  );
}

function readMessages(value: unknown): ChatMessage[] {
  if (!Array.isArray(value) || value.length === 0)
    throw invalidField('messages', '"messages" must be a non-empty list of {role, content}.');
  return (value as unknown[]).map((item, index) => {
    const message = item as Body | null;
    if (typeof message !== 'object' || message === null)
      throw invalidField(`messages[${index}]`, `messages[${index}] must be an object with "role" and "content".`);
    const role = ROLES[String(message['role'])];
    if (role === undefined) {
      throw invalidField(
        `messages[${index}].role`,
        `messages[${index}].role ${JSON.stringify(message['role'])} is not supported.`,
        'Use system, developer, user or assistant; tool calls are not supported.',
      );
    }
    return { role, content: readContent(message['content'], index) };
  });
}

function readPrompt(value: unknown): ChatMessage[] {
  const prompt = Array.isArray(value) && value.length === 1 ? (value[0] as unknown) : value;
  if (typeof prompt !== 'string' || prompt === '') {
    throw invalidField(
      'prompt',
      '"prompt" must be a non-empty string (or a list holding one).',
      'Token-id prompts and several prompts per request are not supported; send one request per prompt.',
    );
  }
  return [{ role: 'user', content: prompt }];
}

function optionalNumber(body: Body, name: string, check: (value: number) => boolean, rule: string): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !check(value))
    throw invalidField(name, `"${name}" must be ${rule}, got ${JSON.stringify(value)}.`);
  return value;
}

function readStop(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  throw invalidField('stop', '"stop" must be a string or a list of strings.');
}

/**
 * Validates the fields the gateway reads from a chat (`messages`) or completions (`prompt`) body; other
 * fields are ignored, as vLLM ignores unknown ones. Features that would change the answer's shape
 * (`n` > 1, tools, `echo`) are refused rather than silently dropped.
 * @throws GatewayError naming the field
 */
export function parseGenerationParams(body: Body, kind: 'chat' | 'completion'): GenerationParams {
  const messages = kind === 'chat' ? readMessages(body['messages']) : readPrompt(body['prompt']);
  if (body['n'] !== undefined && body['n'] !== null && body['n'] !== 1)
    throw invalidField('n', '"n" must be 1: biopipe serve returns one choice per request.');
  if (Array.isArray(body['tools']) && body['tools'].length > 0)
    throw invalidField('tools', 'Tool calls are not supported by biopipe serve.');
  if (body['echo'] === true) throw invalidField('echo', '"echo" is not supported by biopipe serve.');
  const stream = body['stream'];
  if (stream !== undefined && stream !== null && typeof stream !== 'boolean')
    throw invalidField('stream', '"stream" must be true or false.');
  const options = body['stream_options'];
  if (options !== undefined && options !== null && (typeof options !== 'object' || Array.isArray(options)))
    throw invalidField('stream_options', '"stream_options" must be an object.');
  const isPositiveInteger = (value: number): boolean => Number.isInteger(value) && value > 0;
  return {
    messages,
    maxTokens:
      optionalNumber(body, 'max_completion_tokens', isPositiveInteger, 'a whole number above 0') ??
      optionalNumber(body, 'max_tokens', isPositiveInteger, 'a whole number above 0'),
    temperature: optionalNumber(body, 'temperature', (value) => value >= 0 && value <= 2, 'a number from 0 to 2'),
    stop: readStop(body['stop']),
    stream: stream === true,
    includeUsage:
      stream === true && typeof options === 'object' && options !== null && (options as Body)['include_usage'] === true,
  };
}
