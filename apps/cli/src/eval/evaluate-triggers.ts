import { BiopipeError, loadEvalSuite, type StrategyConfig } from '@biopipe/core';
import type { CommandContext } from '../context.js';
import type { Proportion } from './eval-statistics.js';
import { evaluateSuite } from './evaluate-suite.js';
import type { Trigger } from './triggers-schema.js';

/** What a trigger's suite measured, and the verdict. */
export interface TriggerVerdict {
  trigger: Trigger;
  measured: Proportion;
  errors: number;
  /**
   * `fires`: conclusive at 95% (the whole interval beyond the threshold); `quiet`: the whole interval
   * on the good side; `inconclusive`: the interval straddles the threshold (more items would tell).
   */
  status: 'fires' | 'quiet' | 'inconclusive';
  /** The task already goes to the trigger's role. */
  already_routed: boolean;
}

/** The verdict of a measurement against a trigger's threshold. */
export function judgeTrigger(trigger: Trigger, measured: Proportion): TriggerVerdict['status'] {
  if (trigger.metric === 'accuracy') {
    if (measured.high < trigger.threshold) return 'fires';
    return measured.low >= trigger.threshold ? 'quiet' : 'inconclusive';
  }
  if (measured.low > trigger.threshold) return 'fires';
  return measured.high <= trigger.threshold ? 'quiet' : 'inconclusive';
}

/** Runs each trigger's suite against the current routing and judges it. */
export async function evaluateTriggers(
  context: CommandContext,
  options: { config: StrategyConfig; triggers: readonly Trigger[]; concurrency: number; signal: AbortSignal },
): Promise<TriggerVerdict[]> {
  const verdicts: TriggerVerdict[] = [];
  for (const trigger of options.triggers) {
    const suite = loadEvalSuite(trigger.suitePath);
    const outcome = await evaluateSuite(context, {
      suite,
      config: options.config,
      target: undefined,
      judge: undefined,
      concurrency: options.concurrency,
      out: undefined,
      resume: false,
      signal: options.signal,
    });
    const measured = trigger.metric === 'accuracy' ? outcome.summary.accuracy : outcome.summary.false_negatives;
    if (measured === null)
      throw new BiopipeError(
        'usage',
        `Trigger "${trigger.name}": ${trigger.suitePath} has no item labelled "unsafe" to count false negatives on.`,
        {
          hint: 'A false_negative_rate trigger needs a label suite with unsafe items.',
        },
      );
    const target = options.config.routeFor(trigger.task_type);
    verdicts.push({
      trigger,
      measured,
      errors: outcome.summary.errors,
      status: judgeTrigger(trigger, measured),
      already_routed: target.kind === 'role' && target.role === trigger.role,
    });
  }
  return verdicts;
}
