import type { VllmEngine } from './vllm-engine.js';

/** Fixed, like a server that loaded its model at one moment. */
const CREATED = Math.floor(Date.now() / 1000);

/** `GET /v1/models`: one card per served name (PROTOCOLS.md §1.2). */
export function listModels(engine: VllmEngine): unknown {
  return {
    object: 'list',
    data: engine.servedModelNames.map((name) => ({
      id: name,
      object: 'model',
      created: CREATED,
      owned_by: 'vllm',
      root: engine.faults.wrongModel ?? engine.options.model,
      parent: null,
      max_model_len: engine.options.maxModelLen,
      permission: [
        {
          id: `modelperm-${name}`,
          object: 'model_permission',
          created: CREATED,
          allow_create_engine: false,
          allow_sampling: true,
          allow_logprobs: true,
          allow_search_indices: false,
          allow_view: true,
          allow_fine_tuning: false,
          organization: '*',
          group: null,
          is_blocking: false,
        },
      ],
    })),
  };
}
