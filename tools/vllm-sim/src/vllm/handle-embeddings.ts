import type { ServerResponse } from 'node:http';
import { createEmbeddingVector, encodeEmbedding } from '../shared/embedding-vector.js';
import { sendJson } from '../shared/http-io.js';
import { SleepAbortedError, sleep } from '../shared/sleep.js';
import { tokenIdsOf } from '../shared/tokenizer.js';
import type { VllmEngine } from './vllm-engine.js';
import { ENGINE_DEAD_MESSAGE, OVERLOADED_MESSAGE, unknownModelError, vllmError } from './vllm-errors.js';
import { answerUsage } from './vllm-payloads.js';

interface EmbeddingInput {
  /** What the vector is derived from (token-id inputs use their ids as text). */
  text: string;
  tokens: number;
}

function parseInputs(input: unknown): EmbeddingInput[] {
  const isIds = (value: unknown): value is number[] =>
    Array.isArray(value) && value.length > 0 && value.every((item) => Number.isInteger(item));
  if (typeof input === 'string') return [{ text: input, tokens: tokenIdsOf(input).length }];
  if (isIds(input)) return [{ text: input.join(' '), tokens: input.length }];
  if (Array.isArray(input) && input.length > 0) {
    return input.map((item: unknown) => {
      if (typeof item === 'string') return { text: item, tokens: tokenIdsOf(item).length };
      if (isIds(item)) return { text: item.join(' '), tokens: item.length };
      throw vllmError(400, 'input: Input should be a string, a list of strings, or token ids', 'input');
    });
  }
  throw vllmError(
    400,
    input === undefined ? 'input: Field required' : 'input: Input should be a non-empty string or list',
    'input',
  );
}

/**
 * `POST /v1/embeddings` on a pooling server (PROTOCOLS.md §1.5): one deterministic unit vector per
 * input, float or base64, with vLLM's context-length and `dimensions` errors.
 */
export async function handleEmbeddings(
  engine: VllmEngine,
  body: Record<string, unknown>,
  response: ServerResponse,
  requestId: string,
): Promise<void> {
  const options = engine.options;
  if (options.runner !== 'pooling') throw vllmError(400, 'The model does not support Embeddings API');
  const model = typeof body['model'] === 'string' && body['model'] !== '' ? body['model'] : undefined;
  if (!engine.serves(model)) throw unknownModelError(model ?? '');
  const inputs = parseInputs(body['input']);
  for (const input of inputs) {
    if (input.tokens > options.maxModelLen) {
      throw vllmError(
        400,
        `This model's maximum context length is ${options.maxModelLen} tokens. However, you requested ${input.tokens} tokens in the input for embedding generation. Please reduce the length of the input.`,
        'input_tokens',
      );
    }
  }
  const dimensions = body['dimensions'];
  if (dimensions !== undefined && dimensions !== null && dimensions !== options.embeddingDimensions) {
    throw vllmError(
      400,
      `Model "${engine.modelName}" does not support matryoshka representation, changing output dimensions will lead to poor results.`,
      'dimensions',
    );
  }
  const encoding = body['encoding_format'] ?? 'float';
  if (encoding !== 'float' && encoding !== 'base64')
    throw vllmError(400, 'encoding_format: Input should be "float" or "base64"', 'encoding_format');
  if (engine.scheduler.isFull) throw vllmError(503, OVERLOADED_MESSAGE);
  const promptTokens = inputs.reduce((sum, input) => sum + input.tokens, 0);
  const tracked = engine.trackResponse(response);
  const arrival = performance.now();
  let admitted = false;
  let scheduled = arrival;
  try {
    await engine.scheduler.admit(tracked.signal);
    admitted = true;
    scheduled = performance.now();
    await sleep(engine.latency.firstTokenMs(promptTokens, engine.faults.take('slow')?.factor ?? 1), tracked.signal);
    sendJson(response, 200, {
      id: `embd-${requestId}`,
      object: 'list',
      created: Math.floor(Date.now() / 1000),
      model: engine.modelName,
      data: inputs.map((input, index) => ({
        index,
        object: 'embedding',
        embedding: encodeEmbedding(createEmbeddingVector(input.text, options.embeddingDimensions), encoding),
      })),
      usage: answerUsage({ promptTokens, completionTokens: 0 }),
    });
  } catch (error) {
    if (!(error instanceof SleepAbortedError)) throw error;
    if (error.reason === 'engine-dead' && !response.headersSent)
      sendJson(response, 500, vllmError(500, ENGINE_DEAD_MESSAGE).body);
  } finally {
    tracked.finish();
    if (admitted) engine.scheduler.release();
    const end = performance.now();
    engine.metrics.recordFinished({
      finishedReason: response.writableEnded && response.statusCode === 200 ? 'stop' : 'abort',
      promptTokens,
      generationTokens: 0,
      maxTokens: 1,
      n: 1,
      queueSeconds: (scheduled - arrival) / 1000,
      prefillSeconds: (end - scheduled) / 1000,
      decodeSeconds: 0,
    });
  }
}
