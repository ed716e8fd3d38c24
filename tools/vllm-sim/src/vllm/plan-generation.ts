import { generateText, type GeneratedText } from '../shared/text-generator.js';
import type { GenerationRequest } from './parse-generation-request.js';
import { unknownModelError, vllmError } from './vllm-errors.js';
import type { VllmEngine } from './vllm-engine.js';

/** One output sequence: which prompt it answers, its choice index and its made-up answer. */
export interface PlannedSequence {
  index: number;
  promptIndex: number;
  answer: GeneratedText;
}

/** Everything decided about a request before it is queued. */
export interface GenerationPlan {
  sequences: PlannedSequence[];
  promptTokens: number;
  completionTokens: number;
  /** Engine steps: the longest answer's token count (at least 1, so a finish chunk is always sent). */
  steps: number;
  /** max_tokens as the engine sees it (defaulted to the context left), for the metrics. */
  effectiveMaxTokens: number;
}

/**
 * Checks the model and the context length (in this order, as vLLM does) and makes up the answers.
 * @throws SimHttpError 404 for a model not served here, 400 when prompt + max_tokens exceed max_model_len
 */
export function planGeneration(engine: VllmEngine, request: GenerationRequest): GenerationPlan {
  if (!engine.serves(request.model)) throw unknownModelError(request.model ?? '');
  const maxModelLen = engine.options.maxModelLen;
  const sequences: PlannedSequence[] = [];
  let promptTokens = 0;
  let effectiveMaxTokens = 0;
  for (const [promptIndex, prompt] of request.prompts.entries()) {
    const inputTokens = prompt.tokenIds.length;
    promptTokens += inputTokens;
    if (inputTokens >= maxModelLen) {
      throw vllmError(
        400,
        `This model's maximum context length is ${maxModelLen} tokens. However, your request has ${inputTokens} input tokens. Please reduce the length of the input messages.`,
        'input_tokens',
      );
    }
    const maxTokens = request.maxTokens;
    if (maxTokens !== undefined && inputTokens + maxTokens > maxModelLen) {
      throw vllmError(
        400,
        `'max_tokens' or 'max_completion_tokens' is too large: ${maxTokens}. This model's maximum context length is ${maxModelLen} tokens and your request has ${inputTokens} input tokens (${maxTokens} > ${maxModelLen} - ${inputTokens}).`,
        'max_tokens',
      );
    }
    const limit = maxModelLen - inputTokens;
    effectiveMaxTokens = Math.max(effectiveMaxTokens, maxTokens ?? limit);
    for (let choice = 0; choice < request.n; choice += 1) {
      // An answer-key item gets its keyed answer, echoed; everything else follows the mode.
      const keyed = engine.options.answerKey?.answer(prompt.echoText);
      const answer = generateText({
        mode: keyed === undefined ? engine.options.mode : 'echo',
        echoText: keyed ?? prompt.echoText,
        maxTokens,
        limit,
        stop: request.stop,
        seed: (request.seed ?? 0) + choice,
      });
      sequences.push({ index: promptIndex * request.n + choice, promptIndex, answer });
    }
  }
  const completionTokens = sequences.reduce((sum, sequence) => sum + sequence.answer.tokens.length, 0);
  const steps = Math.max(1, ...sequences.map((sequence) => sequence.answer.tokens.length));
  return { sequences, promptTokens, completionTokens, steps, effectiveMaxTokens };
}
