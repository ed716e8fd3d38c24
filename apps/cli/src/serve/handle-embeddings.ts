import { describeTarget, headerValue, routeHeaders, sendJson, type Exchange, type GatewayRouter } from './exchange.js';
import { invalidField } from './gateway-errors.js';
import { resolveTask } from './resolve-task.js';

type Body = Record<string, unknown>;

function readInput(value: unknown): string[] {
  const inputs = typeof value === 'string' ? [value] : value;
  if (
    !Array.isArray(inputs) ||
    inputs.length === 0 ||
    !inputs.every((item) => typeof item === 'string' && item !== '')
  ) {
    throw invalidField(
      'input',
      '"input" must be a non-empty string or a non-empty list of non-empty strings.',
      'Token-id inputs are not supported; send text.',
    );
  }
  return inputs as string[];
}

/** A vector as OpenAI's base64 form: little-endian float32 bytes (what the openai SDKs request by default). */
function toBase64(vector: readonly number[]): string {
  const floats = Float32Array.from(vector);
  return Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength).toString('base64');
}

/**
 * `POST /v1/embeddings` (PROTOCOLS.md §1.5, §6): routes to the embeddings role (or the task named) and
 * answers with the model that actually produced the vectors — a cloud fallback model has another
 * size, and vectors of two models must never share an index. `dimensions`, when given, must match it.
 * @throws BiopipeError for anything that fails (the caller answers it)
 */
export async function handleEmbeddings(
  exchange: Exchange,
  options: { body: Body; router: GatewayRouter },
): Promise<void> {
  const { body, router } = options;
  const task = resolveTask({
    header: exchange.request.headers['x-biopipe-task'],
    model: body['model'],
    endpoint: 'embeddings',
  });
  exchange.task = task;
  const inputs = readInput(body['input']);
  const encoding = body['encoding_format'] ?? 'float';
  if (encoding !== 'float' && encoding !== 'base64')
    throw invalidField('encoding_format', '"encoding_format" must be "float" or "base64".');
  const dimensions = body['dimensions'];
  if (
    dimensions !== undefined &&
    dimensions !== null &&
    (typeof dimensions !== 'number' || !Number.isInteger(dimensions) || dimensions <= 0)
  ) {
    throw invalidField('dimensions', '"dimensions" must be a whole number above 0.');
  }
  exchange.target = describeTarget(router.currentStrategy, task);
  const result = await router.embed({
    input: inputs,
    task_type: task,
    signal: exchange.signal,
    request_id: exchange.requestId,
  });
  exchange.target = result.route.target;
  exchange.fallbackDepth = result.route.fallback_depth;
  if (typeof dimensions === 'number' && dimensions !== result.dimensions) {
    throw invalidField(
      'dimensions',
      `"dimensions" is ${dimensions}, but ${result.model} produces ${result.dimensions}-dimensional vectors.`,
      'Leave "dimensions" out: biopipe returns the serving model\'s own size.',
    );
  }
  const promptTokens = result.usage?.promptTokens ?? 0;
  const payload = JSON.stringify({
    object: 'list',
    data: result.vectors.map((vector, index) => ({
      object: 'embedding',
      index,
      embedding: encoding === 'base64' ? toBase64(vector) : vector,
    })),
    model: result.model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  });
  sendJson(exchange.response, 200, payload, {
    ...routeHeaders(exchange, result.route),
    'x-biopipe-model': headerValue(result.model),
  });
}
