import { describe, expect, it } from '@jest/globals';
import { Cancellation } from './cancellation.js';

describe('Cancellation', () => {
  it('runs each listener once, in order, and keeps the first reason', () => {
    const cancellation = new Cancellation();
    const calls: string[] = [];
    cancellation.addEventListener('abort', () => calls.push('a'));
    cancellation.addEventListener('abort', () => calls.push('b'));
    cancellation.abort(new Error('first'));
    cancellation.abort(new Error('second'));
    expect(calls).toEqual(['a', 'b']);
    expect(cancellation.aborted).toBe(true);
    expect((cancellation.reason as Error).message).toBe('first');
  });

  it('does not call a removed listener', () => {
    const cancellation = new Cancellation();
    const calls: string[] = [];
    const listener = (): void => void calls.push('removed');
    cancellation.addEventListener('abort', listener);
    cancellation.addEventListener('abort', () => calls.push('kept'));
    cancellation.removeEventListener('abort', listener);
    cancellation.abort('stop');
    expect(calls).toEqual(['kept']);
  });

  it('follows a parent AbortSignal until unlinked', () => {
    const parent = new AbortController();
    const { cancellation, unlink } = Cancellation.linkedTo(parent.signal);
    parent.abort('cancelled by the caller');
    expect(cancellation.aborted).toBe(true);
    expect(cancellation.reason).toBe('cancelled by the caller');

    const other = new AbortController();
    const linked = Cancellation.linkedTo(other.signal);
    linked.unlink();
    other.abort('late');
    expect(linked.cancellation.aborted).toBe(false);
    unlink();
  });

  it('starts aborted when the parent already is, and chains through another Cancellation', () => {
    const parent = new Cancellation();
    const child = Cancellation.linkedTo(parent).cancellation;
    const grandchild = Cancellation.linkedTo(child).cancellation;
    parent.abort('deadline');
    expect(grandchild.reason).toBe('deadline');
    expect(Cancellation.linkedTo(parent).cancellation.aborted).toBe(true);
    expect(Cancellation.linkedTo(undefined).cancellation.aborted).toBe(false);
  });

  it('runs every listener even when one throws, then throws the first error', () => {
    const cancellation = new Cancellation();
    const calls: string[] = [];
    cancellation.addEventListener('abort', () => {
      throw new Error('first listener failed');
    });
    cancellation.addEventListener('abort', () => calls.push('second'));
    expect(() => cancellation.abort('stop')).toThrow('first listener failed');
    expect(calls).toEqual(['second']);
    expect(cancellation.aborted).toBe(true);
  });
});
