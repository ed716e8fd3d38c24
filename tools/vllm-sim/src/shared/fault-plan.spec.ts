import { describe, expect, it } from '@jest/globals';
import { FaultPlan } from './fault-plan.js';
import type { FaultSwitches } from './fault-plan.js';

describe('FaultPlan', () => {
  it('hits only the next N requests when a count is given, then clears itself', () => {
    const plan = new FaultPlan(1);
    plan.update({ fail: { status: 503, count: 2 } });
    expect(plan.take('fail')?.status).toBe(503);
    expect(plan.take('fail')?.status).toBe(503);
    expect(plan.take('fail')).toBeUndefined();
    expect(plan.current().fail).toBeUndefined();
  });

  it('hits the same requests for the same seed when a fraction is given', () => {
    const pattern = (seed: number): boolean[] => {
      const plan = new FaultPlan(seed);
      plan.update({ fail: { status: 500, fraction: 0.5 } });
      return Array.from({ length: 40 }, () => plan.take('fail') !== undefined);
    };
    const first = pattern(7);
    expect(pattern(7)).toEqual(first);
    const hits = first.filter(Boolean).length;
    expect(hits).toBeGreaterThan(8);
    expect(hits).toBeLessThan(32);
  });

  it('clears one fault with null and reports switch changes', () => {
    const seen: FaultSwitches[] = [];
    const plan = new FaultPlan(1, (switches) => seen.push(switches));
    plan.update({ hang: {}, refuseConnections: true });
    plan.update({ hang: null });
    expect(plan.take('hang')).toBeUndefined();
    expect(seen).toEqual([{ refuseConnections: true, wrongModel: null, die: false }]);
    plan.clear();
    expect(seen.at(-1)?.refuseConnections).toBe(false);
  });

  it('rejects an unknown fault with the list of known ones', () => {
    const plan = new FaultPlan(1);
    expect(() => plan.update({ hnag: {} } as never)).toThrow(/Invalid faults in setFaults\(\)/);
  });
});
