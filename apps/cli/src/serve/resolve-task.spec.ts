import { describe, expect, it } from '@jest/globals';
import { TASK_TYPES } from '@biopipe/core/constants';
import { DEFAULT_TASK } from '../run.js';
import { MODEL_IDS, resolveTask } from './resolve-task.js';

describe('resolveTask', () => {
  it('reads biopipe:<task> from the model id', () => {
    expect(resolveTask({ header: undefined, model: 'biopipe:code_generation', endpoint: 'generation' })).toBe(
      'code_generation',
    );
  });

  it('sends biopipe:auto and a missing model to the endpoint default', () => {
    expect(resolveTask({ header: undefined, model: 'biopipe:auto', endpoint: 'generation' })).toBe(DEFAULT_TASK);
    expect(resolveTask({ header: undefined, model: undefined, endpoint: 'generation' })).toBe(DEFAULT_TASK);
    expect(resolveTask({ header: undefined, model: 'biopipe:auto', endpoint: 'embeddings' })).toBe('embeddings');
  });

  it('lets the X-Biopipe-Task header win over the model', () => {
    expect(resolveTask({ header: 'math_statistics', model: 'biopipe:code_generation', endpoint: 'generation' })).toBe(
      'math_statistics',
    );
    expect(resolveTask({ header: 'auto', model: 'anything', endpoint: 'embeddings' })).toBe('embeddings');
  });

  it('refuses an unknown task, suggesting the closest and listing every valid model id', () => {
    expect(() => resolveTask({ header: undefined, model: 'biopipe:code_generaton', endpoint: 'generation' })).toThrow(
      /Did you mean "biopipe:code_generation"/,
    );
    try {
      resolveTask({ header: undefined, model: 'gpt-4o', endpoint: 'generation' });
      throw new Error('no error');
    } catch (error) {
      expect(error).toMatchObject({ code: 'unknown_task_type', param: 'model' });
      for (const id of MODEL_IDS) expect((error as Error & { hint: string }).hint).toContain(id);
    }
    expect(() => resolveTask({ header: 'coding', model: undefined, endpoint: 'generation' })).toThrow(
      expect.objectContaining({ code: 'unknown_task_type', param: null }) as unknown as Error,
    );
  });

  it('lists biopipe:auto and one id per task type', () => {
    expect(MODEL_IDS).toEqual(['biopipe:auto', ...TASK_TYPES.map((task) => `biopipe:${task}`)]);
  });
});
