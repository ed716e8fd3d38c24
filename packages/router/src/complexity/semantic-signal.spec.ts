import { describe, expect, it } from '@jest/globals';
import { LocalModelUnavailableError } from '@biopipe/core';
import { Cancellation } from '../resilience/cancellation.js';
import type { LocalEmbed } from './local-embedder.js';
import { SemanticSignal } from './semantic-signal.js';

// A fake embeddings role: "hard" and "easy" words point along two axes, so similarities are known.
const BANKS = {
  schema_version: 1 as const,
  name: 'test',
  derived_from: '',
  easy: ['easy one', 'easy two'],
  hard: ['hard one'],
};
const SETTINGS = { role: 'embeddings', weight: 2, timeout_ms: 50 };

function vectorOf(text: string): number[] {
  return [text.split(' hard').length - 1 + (text.startsWith('hard') ? 1 : 0), text.includes('easy') ? 1 : 0, 1];
}

function createFakeRole(options: { model?: () => string; fail?: () => Error | undefined; hang?: () => boolean } = {}): {
  embed: LocalEmbed;
  calls: string[][];
} {
  const calls: string[][] = [];
  const embed: LocalEmbed = (texts, call) => {
    calls.push([...texts]);
    const failure = options.fail?.();
    if (failure !== undefined) return Promise.reject(failure);
    if (options.hang?.() === true)
      return new Promise((_, reject) => call.signal.addEventListener('abort', () => reject(new Error('aborted'))));
    return Promise.resolve({ vectors: texts.map(vectorOf), model: options.model?.() ?? 'bge-m3' });
  };
  return { embed, calls };
}

const read = (signal: SemanticSignal, prompt: string, abort?: Cancellation) =>
  signal.read(prompt, { requestId: 'r1', signal: abort });

describe('SemanticSignal', () => {
  it('adds weight × (best cosine to hard − best cosine to easy), embedding the banks once and each prompt once', async () => {
    const role = createFakeRole();
    const signal = new SemanticSignal({ settings: SETTINGS, banks: BANKS, embed: role.embed });
    const hardish = await read(signal, 'hard hard work');
    expect(hardish.status).toBe('used');
    if (hardish.status !== 'used') return;
    // [2,0,1]/√5 against hard [1,0,1]/√2 and easy [0,1,1]/√2.
    expect(hardish.hard).toBeCloseTo(3 / Math.sqrt(10));
    expect(hardish.easy).toBeCloseTo(1 / Math.sqrt(10));
    expect(hardish.logit).toBeCloseTo(2 * (2 / Math.sqrt(10)));
    const easyish = await read(signal, 'an easy task');
    expect(easyish.status === 'used' && easyish.logit < 0).toBe(true);
    await read(signal, 'hard hard work');
    // One call for the banks (all 3 texts), one per distinct prompt; the repeat came from the cache.
    expect(role.calls).toEqual([['easy one', 'easy two', 'hard one'], ['hard hard work'], ['an easy task']]);
    expect(signal.cachedPrompts).toBe(2);
  });

  it('warm embeds the banks ahead of the first read, which then embeds only its prompt', async () => {
    const role = createFakeRole();
    const signal = new SemanticSignal({ settings: SETTINGS, banks: BANKS, embed: role.embed });
    expect(await signal.warm(1000)).toBe('ready');
    expect(role.calls).toEqual([['easy one', 'easy two', 'hard one']]);
    expect((await read(signal, 'an easy task')).status).toBe('used');
    expect(role.calls.slice(1)).toEqual([['an easy task']]);
  });

  it('warm says failed for a role that is down, and pending when the wait runs out; a read retries', async () => {
    let down = true;
    const role = createFakeRole({ fail: () => (down ? new LocalModelUnavailableError('embeddings', []) : undefined) });
    const signal = new SemanticSignal({ settings: SETTINGS, banks: BANKS, embed: role.embed });
    expect(await signal.warm(1000)).toBe('failed');
    down = false;
    expect((await read(signal, 'hard hard work')).status).toBe('used');
    const hung = new SemanticSignal({
      settings: SETTINGS,
      banks: BANKS,
      embed: createFakeRole({ hang: () => true }).embed,
      banksTimeoutMs: 5,
    });
    expect(await hung.warm(0)).toBe('pending');
  });

  it('keeps at most cacheEntries prompt vectors', async () => {
    const role = createFakeRole();
    const signal = new SemanticSignal({ settings: SETTINGS, banks: BANKS, embed: role.embed, cacheEntries: 2 });
    for (const prompt of ['a', 'b', 'c', 'a']) await read(signal, prompt);
    expect(signal.cachedPrompts).toBe(2);
    // "a" was evicted by "c", so it was embedded again.
    expect(role.calls.filter((texts) => texts.length === 1 && texts[0] === 'a')).toHaveLength(2);
  });

  it('says unavailable, never throws: timeout, role down (retried next time), model change, cancel', async () => {
    let hang = true;
    const hanging = new SemanticSignal({
      settings: SETTINGS,
      banks: BANKS,
      embed: createFakeRole({ hang: () => hang }).embed,
      banksTimeoutMs: 10,
    });
    expect(await read(hanging, 'hard')).toEqual({ status: 'unavailable', reason: 'timeout' });
    // The banks' embedding ran out of its own deadline and is tried again by the next request.
    hang = false;
    expect((await read(hanging, 'hard')).status).toBe('used');

    let down = true;
    const downRole = createFakeRole({
      fail: () => (down ? new LocalModelUnavailableError('embeddings', []) : undefined),
    });
    const signal = new SemanticSignal({ settings: SETTINGS, banks: BANKS, embed: downRole.embed });
    expect(await read(signal, 'hard')).toEqual({ status: 'unavailable', reason: 'role-unavailable' });
    down = false;
    expect((await read(signal, 'hard')).status).toBe('used');

    let model = 'bge-m3';
    const switching = new SemanticSignal({
      settings: SETTINGS,
      banks: BANKS,
      embed: createFakeRole({ model: () => model }).embed,
    });
    expect((await read(switching, 'one')).status).toBe('used');
    model = 'other-model';
    expect(await read(switching, 'two')).toEqual({ status: 'unavailable', reason: 'model-mismatch' });
    // The banks are embedded again by the new model.
    expect((await read(switching, 'three')).status).toBe('used');

    const failing = new SemanticSignal({
      settings: SETTINGS,
      banks: BANKS,
      embed: createFakeRole({ fail: () => new Error('HTTP 500') }).embed,
    });
    expect(await read(failing, 'x')).toEqual({ status: 'unavailable', reason: 'embedding-failed' });

    const cancel = new Cancellation();
    cancel.abort('caller');
    expect(
      await read(
        new SemanticSignal({ settings: SETTINGS, banks: BANKS, embed: createFakeRole({ hang: () => true }).embed }),
        'x',
        cancel,
      ),
    ).toEqual({
      status: 'unavailable',
      reason: 'cancelled',
    });
  });
});
