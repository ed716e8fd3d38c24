import { SimHttpError } from '../shared/http-io.js';

/** vLLM's error `type` per status: the OpenAI SDK class names (PROTOCOLS.md §1.6). */
const TYPES: Readonly<Record<number, string>> = {
  400: 'BadRequestError',
  404: 'NotFoundError',
  429: 'RateLimitError',
  500: 'InternalServerError',
  501: 'NotImplementedError',
  503: 'ServiceUnavailableError',
};

/** The nested envelope vLLM ≥ 0.10.1 sends: `{"error":{"message","type","param","code"}}`. */
export function vllmErrorBody(status: number, message: string, param: string | null = null): unknown {
  return { error: { message, type: TYPES[status] ?? 'InternalServerError', param, code: status } };
}

/** A vLLM error answer to throw from a handler. */
export function vllmError(status: number, message: string, param: string | null = null): SimHttpError {
  return new SimHttpError(status, vllmErrorBody(status, message, param));
}

/** 404 for a model this server does not serve, worded as vLLM words it. */
export function unknownModelError(model: string): SimHttpError {
  return vllmError(404, `The model \`${model}\` does not exist.`, 'model');
}

/** What in-flight requests get when the engine dies. */
export const ENGINE_DEAD_MESSAGE = 'EngineCore encountered an issue. See stack trace (above) for the root cause.';

/** What a 503 fault and the admission limit say (llm-d-inference-sim's wording). */
export const OVERLOADED_MESSAGE = 'The server is overloaded or not ready yet.';
