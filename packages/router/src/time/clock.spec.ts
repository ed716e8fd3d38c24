import { describe, expect, it } from '@jest/globals';
import { sleep } from './clock.js';

describe('sleep', () => {
  it('rejects at once with the abort reason', async () => {
    const controller = new AbortController();
    const pending = sleep(60_000, controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
    await expect(sleep(10, AbortSignal.abort())).rejects.toMatchObject({ code: 'aborted' });
  });
  it('resolves after the delay', async () => {
    await expect(sleep(1)).resolves.toBeUndefined();
  });
});
