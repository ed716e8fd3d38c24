import type { GenerationFinishReason } from '../shared/text-generator.js';

/** What every chunk and answer of one request shares. */
export interface ResponseHeader {
  id: string;
  created: number;
  model: string;
}

/** One finished choice. */
export interface ChoiceResult {
  index: number;
  text: string;
  finishReason: GenerationFinishReason;
  stopReason: string | null;
}

/** Token counts of one request. */
export interface UsageCounts {
  promptTokens: number;
  completionTokens: number;
}

/** Usage as vLLM writes it in a non-streaming answer (this key order, `prompt_tokens_details` null). */
export function answerUsage(usage: UsageCounts): unknown {
  return {
    prompt_tokens: usage.promptTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
    completion_tokens: usage.completionTokens,
    prompt_tokens_details: null,
  };
}

/** Usage as vLLM writes it in stream chunks. */
export function chunkUsage(usage: UsageCounts): unknown {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
  };
}

/** The fields every non-streaming answer and its choices share, in vLLM's key order. */
const answerHead = (object: string, header: ResponseHeader) => ({
  id: header.id,
  object,
  created: header.created,
  model: header.model,
});
const choiceEnd = (choice: ChoiceResult) => ({
  logprobs: null,
  finish_reason: choice.finishReason,
  stop_reason: choice.stopReason,
});

/** A non-streaming `/v1/chat/completions` answer (PROTOCOLS.md §1.3). */
export function chatAnswer(header: ResponseHeader, choices: readonly ChoiceResult[], usage: UsageCounts): unknown {
  return {
    ...answerHead('chat.completion', header),
    choices: choices.map((choice) => ({
      index: choice.index,
      message: { role: 'assistant', content: choice.text, tool_calls: [] },
      ...choiceEnd(choice),
    })),
    usage: answerUsage(usage),
  };
}

/** A non-streaming `/v1/completions` answer (PROTOCOLS.md §1.4). */
export function completionAnswer(
  header: ResponseHeader,
  choices: readonly ChoiceResult[],
  usage: UsageCounts,
): unknown {
  return {
    ...answerHead('text_completion', header),
    choices: choices.map((choice) => ({
      index: choice.index,
      text: choice.text,
      ...choiceEnd(choice),
      prompt_logprobs: null,
    })),
    usage: answerUsage(usage),
  };
}

/** The object value of stream chunks per endpoint. */
function chunkObject(endpoint: 'chat' | 'completion'): string {
  return endpoint === 'chat' ? 'chat.completion.chunk' : 'text_completion';
}

/** The first chat chunk of a choice: the role and empty content. */
export function roleChunk(header: ResponseHeader, index: number, usage?: UsageCounts): string {
  const chunk: Record<string, unknown> = {
    id: header.id,
    object: 'chat.completion.chunk',
    created: header.created,
    model: header.model,
    choices: [{ index, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }],
  };
  if (usage !== undefined) chunk['usage'] = chunkUsage(usage);
  return JSON.stringify(chunk);
}

/** A content chunk; the last one of a choice carries `finish_reason` and `stop_reason`. */
export function deltaChunk(
  endpoint: 'chat' | 'completion',
  header: ResponseHeader,
  text: string,
  choice: { index: number; finish?: ChoiceResult },
  usage?: UsageCounts,
): string {
  const finishReason = choice.finish?.finishReason ?? null;
  let entry: Record<string, unknown>;
  if (endpoint === 'chat') {
    entry = { index: choice.index, delta: { content: text }, logprobs: null, finish_reason: finishReason };
    if (choice.finish !== undefined) entry['stop_reason'] = choice.finish.stopReason;
  } else {
    entry = {
      index: choice.index,
      text,
      logprobs: null,
      finish_reason: finishReason,
      stop_reason: choice.finish?.stopReason ?? null,
    };
  }
  const chunk: Record<string, unknown> = {
    id: header.id,
    object: chunkObject(endpoint),
    created: header.created,
    model: header.model,
    choices: [entry],
  };
  if (usage !== undefined) chunk['usage'] = chunkUsage(usage);
  return JSON.stringify(chunk);
}

/** The closing usage chunk: no choices, just usage. */
export function usageChunk(endpoint: 'chat' | 'completion', header: ResponseHeader, usage: UsageCounts): string {
  return JSON.stringify({
    id: header.id,
    object: chunkObject(endpoint),
    created: header.created,
    model: header.model,
    choices: [],
    usage: chunkUsage(usage),
  });
}

/** A chunk cut off mid-JSON (the malformed-chunk fault). */
export function malformedChunk(header: ResponseHeader): string {
  return `{"id":"${header.id}","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":`;
}
