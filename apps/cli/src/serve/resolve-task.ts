import { TASK_TYPES, isTaskType, type TaskType } from '@biopipe/core/constants';
import { UnknownTaskTypeError, findClosestMatch } from '@biopipe/core';
import { DEFAULT_TASK } from '../run.js';

/** Model ids are `biopipe:<task type>`; `biopipe:auto` lets the gateway pick by endpoint. */
export const MODEL_PREFIX = 'biopipe:';
export const AUTO_MODEL = `${MODEL_PREFIX}auto`;

/** Every model id `GET /v1/models` lists: `biopipe:auto` first, then one per task type. */
export const MODEL_IDS: readonly string[] = [AUTO_MODEL, ...TASK_TYPES.map((task) => `${MODEL_PREFIX}${task}`)];

/** Where `auto` (or no model at all) goes: chat and completions the CLI's default task, embeddings `embeddings`. */
export type TaskEndpoint = 'generation' | 'embeddings';

/** An unknown task, named in the model id or the header; `param` says which (the OpenAI envelope's field). */
export class UnknownTaskError extends UnknownTaskTypeError {
  readonly param: string | null;
  constructor(options: { name: string; from: 'model' | 'header'; valid: readonly string[] }) {
    const closest = findClosestMatch(options.name, options.valid);
    super(options.name, options.valid, closest);
    const where = options.from === 'model' ? `model "${options.name}"` : `X-Biopipe-Task "${options.name}"`;
    this.message = `Unknown task type in ${where}: biopipe serves one model per task type.${closest === undefined ? '' : ` Did you mean "${closest}"?`}`;
    this.param = options.from === 'model' ? 'model' : null;
  }
}

function autoTask(endpoint: TaskEndpoint): TaskType {
  return endpoint === 'embeddings' ? 'embeddings' : (DEFAULT_TASK as TaskType);
}

/**
 * The task type of a request: the `X-Biopipe-Task` header wins; else the model id `biopipe:<task>`;
 * `auto`, or no model, gives the endpoint's default. Anything else is a 400 listing the valid names.
 * @throws UnknownTaskError
 */
export function resolveTask(options: {
  header: string | string[] | undefined;
  model: unknown;
  endpoint: TaskEndpoint;
}): TaskType {
  const header = Array.isArray(options.header) ? options.header[0] : options.header;
  if (header !== undefined && header !== '') {
    const task = header.trim();
    if (task === 'auto') return autoTask(options.endpoint);
    if (isTaskType(task)) return task;
    throw new UnknownTaskError({ name: task, from: 'header', valid: ['auto', ...TASK_TYPES] });
  }
  const model = options.model;
  if (model === undefined || model === null || model === '' || model === AUTO_MODEL) return autoTask(options.endpoint);
  if (typeof model === 'string' && model.startsWith(MODEL_PREFIX)) {
    const task = model.slice(MODEL_PREFIX.length);
    if (isTaskType(task)) return task;
  }
  throw new UnknownTaskError({
    name: typeof model === 'string' ? model : JSON.stringify(model),
    from: 'model',
    valid: MODEL_IDS,
  });
}
