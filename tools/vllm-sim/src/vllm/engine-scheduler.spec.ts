import { describe, expect, it } from '@jest/globals';
import { EngineScheduler, QueueFullError } from './engine-scheduler.js';

describe('EngineScheduler', () => {
  it('runs up to max_num_seqs at once and queues the rest in arrival order', async () => {
    const scheduler = new EngineScheduler(1, Number.POSITIVE_INFINITY);
    const signal = new AbortController().signal;
    const order: string[] = [];
    await scheduler.admit(signal);
    const second = scheduler.admit(signal).then(() => order.push('second'));
    const third = scheduler.admit(signal).then(() => order.push('third'));
    expect(scheduler.waiting).toBe(2);
    scheduler.release();
    await second;
    scheduler.release();
    await third;
    expect(order).toEqual(['second', 'third']);
    expect(scheduler.running).toBe(1);
  });

  it('turns arrivals away once the queue limit is reached', async () => {
    const scheduler = new EngineScheduler(1, 1);
    const signal = new AbortController().signal;
    await scheduler.admit(signal);
    const queued = scheduler.admit(signal);
    await expect(scheduler.admit(signal)).rejects.toBeInstanceOf(QueueFullError);
    scheduler.release();
    await queued;
  });

  it('drops a waiting request whose client left', async () => {
    const scheduler = new EngineScheduler(1, Number.POSITIVE_INFINITY);
    await scheduler.admit(new AbortController().signal);
    const leaving = new AbortController();
    const waiting = scheduler.admit(leaving.signal);
    leaving.abort();
    await expect(waiting).rejects.toThrow('sleep aborted');
    expect(scheduler.waiting).toBe(0);
  });
});
