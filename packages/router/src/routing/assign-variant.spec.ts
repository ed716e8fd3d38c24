import { describe, expect, it } from '@jest/globals';
import { assignVariant, hashToPercent } from './assign-variant.js';

const HALVES = { split: { generalist: 50, biomed: 50 }, sticky: 'session' as const };

describe('assignVariant', () => {
  it('gives each arm its share of many sessions, within four standard deviations of a binomial of that size', () => {
    for (const [split, n] of [
      [{ generalist: 50, biomed: 50 }, 4000],
      [{ generalist: 90, biomed: 10 }, 4000],
      [{ generalist: 20, biomed: 30, math: 50 }, 3000],
    ] as const) {
      const counts = new Map<string, number>();
      for (let index = 0; index < n; index += 1) {
        const { arm } = assignVariant({
          experiment: 'biomedical',
          settings: { split, sticky: 'session' },
          session: `session-${index}`,
          requestId: 'unused',
        });
        counts.set(arm, (counts.get(arm) ?? 0) + 1);
      }
      for (const [arm, percent] of Object.entries(split)) {
        const p = percent / 100;
        const tolerance = 4 * Math.sqrt((p * (1 - p)) / n);
        expect(Math.abs((counts.get(arm) ?? 0) / n - p)).toBeLessThan(tolerance);
      }
    }
  });

  it('always gives the same session the same arm, whatever the request id', () => {
    for (let index = 0; index < 50; index += 1) {
      const arms = new Set(
        [0, 1, 2, 3].map(
          (attempt) =>
            assignVariant({
              experiment: 'biomedical',
              settings: HALVES,
              session: `user-${index}`,
              requestId: `request-${index}-${attempt}`,
            }).arm,
        ),
      );
      expect(arms.size).toBe(1);
    }
  });

  it('keys on the request id for sticky request, and when a sticky session has no session', () => {
    const arms = (session: string | undefined, sticky: 'session' | 'request') =>
      new Set(
        Array.from({ length: 40 }, (_, index) =>
          assignVariant({
            experiment: 'biomedical',
            settings: { ...HALVES, sticky },
            session,
            requestId: `r-${index}`,
          }),
        ).map((variant) => `${variant.unit}:${variant.arm}`),
      );
    expect(arms('one-session', 'request')).toEqual(new Set(['request:generalist', 'request:biomed']));
    expect(arms(undefined, 'session')).toEqual(new Set(['request:generalist', 'request:biomed']));
    expect(arms('', 'session')).toEqual(new Set(['request:generalist', 'request:biomed']));
    expect(arms('one-session', 'session').size).toBe(1);
  });

  it('hashes the experiment with the key, so two experiments split one session independently', () => {
    const same = Array.from({ length: 2000 }, (_, index) => `s-${index}`).filter(
      (session) => hashToPercent('biomedical', session) < 50 === hashToPercent('intent_parsing', session) < 50,
    ).length;
    // Independent halves agree about half the time; the same hash would agree every time.
    expect(Math.abs(same / 2000 - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / 2000));
  });

  it('is the same on every run and machine: points match SHA-256 computed independently', () => {
    // Python: int.from_bytes(hashlib.sha256(b'biomedical\\0' + key).digest()[:4], 'big') / 2**32 * 100
    expect(hashToPercent('biomedical', 'alice')).toBeCloseTo(60.2703659562394, 9);
    expect(hashToPercent('biomedical', 'frank')).toBeCloseTo(7.145305606536567, 9);
    const arm = (session: string) =>
      assignVariant({ experiment: 'biomedical', settings: HALVES, session, requestId: 'x' }).arm;
    // Arms take [0, 50) and [50, 100) in the order the profile lists them.
    expect([arm('alice'), arm('frank')]).toEqual(['biomed', 'generalist']);
  });
});
