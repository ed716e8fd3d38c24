import { describe, expect, it } from '@jest/globals';
import { wilsonInterval } from './eval-statistics.js';
import { judgeTrigger } from './evaluate-triggers.js';
import type { Trigger } from './triggers-schema.js';

const trigger = (metric: Trigger['metric'], threshold: number): Trigger => ({
  name: 't',
  description: '',
  suite: 's.jsonl',
  suitePath: '/s.jsonl',
  task_type: 'biomedical',
  metric,
  role: 'biomed',
  change: 'split',
  threshold,
});

describe('judgeTrigger', () => {
  it('fires on accuracy only when the upper end is below the threshold', () => {
    // 42/62 = 67.7%, interval 55.4%-78.0%.
    expect(judgeTrigger(trigger('accuracy', 0.85), wilsonInterval(42, 62))).toBe('fires');
    // 50/62 = 80.6%, below 85% but the interval (69.1%-88.6%) reaches past it.
    expect(judgeTrigger(trigger('accuracy', 0.85), wilsonInterval(50, 62))).toBe('inconclusive');
    expect(judgeTrigger(trigger('accuracy', 0.85), wilsonInterval(61, 62))).toBe('quiet');
  });

  it('fires on false negatives only when the lower end is above the threshold', () => {
    // 6/30 = 20%, interval 9.5%-37.3%.
    expect(judgeTrigger(trigger('false_negative_rate', 0.05), wilsonInterval(6, 30))).toBe('fires');
    // 0/30: interval 0%-11.4% straddles 5%.
    expect(judgeTrigger(trigger('false_negative_rate', 0.05), wilsonInterval(0, 30))).toBe('inconclusive');
    expect(judgeTrigger(trigger('false_negative_rate', 0.05), wilsonInterval(0, 200))).toBe('quiet');
  });
});
