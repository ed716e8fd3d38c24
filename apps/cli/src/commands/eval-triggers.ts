import { UsageError } from '@biopipe/core';
import type { CommandContext } from '../context.js';
import { formatJson } from '../output.js';
import { formatInterval, formatProportion } from '../eval/eval-summary.js';
import { evaluateTriggers, type TriggerVerdict } from '../eval/evaluate-triggers.js';
import { applyTriggerChange, describeTriggerChange } from '../eval/trigger-change.js';
import { loadTriggers } from '../eval/triggers-schema.js';
import { cancelOnInterrupt } from './routed-session.js';
import { writeUserProfile } from './write-user-profile.js';

export interface EvalTriggersOptions {
  triggersFile: string | undefined;
  only: readonly string[];
  concurrency: number;
  /** `ROLE=URL` for a new role's endpoint. */
  endpoints: readonly string[];
  apply: boolean;
}

function parseEndpoints(entries: readonly string[]): Map<string, string> {
  const endpoints = new Map<string, string>();
  for (const entry of entries) {
    const at = entry.indexOf('=');
    const url = entry.slice(at + 1);
    if (at <= 0 || !/^https?:\/\/[^\s]+$/.test(url))
      throw new UsageError(`--endpoint "${entry}" is not ROLE=URL.`, 'e.g. --endpoint biomed=http://gpu-07:8007');
    endpoints.set(entry.slice(0, at), url);
  }
  return endpoints;
}

function describeVerdict(verdict: TriggerVerdict): string {
  const { trigger, measured } = verdict;
  const what = trigger.metric === 'accuracy' ? `${trigger.task_type} accuracy` : `${trigger.task_type} false negatives`;
  const end = trigger.metric === 'accuracy' ? 'upper' : 'lower';
  const side = trigger.metric === 'accuracy' ? 'below' : 'above';
  const reason = {
    fires: `the interval's ${end} end is ${side} ${(trigger.threshold * 100).toFixed(0)}%`,
    quiet: `the whole interval is on the good side of ${(trigger.threshold * 100).toFixed(0)}%`,
    inconclusive: `the interval straddles ${(trigger.threshold * 100).toFixed(0)}%: more items would tell`,
  }[verdict.status];
  return `${what} ${formatProportion(measured)}, 95% interval ${formatInterval(measured)}: ${reason}`;
}

/**
 * `biopipe eval triggers [--apply]`: runs each trigger's suite against the current routing, prints
 * which fire with the evidence and the change to make, and with --apply writes the change of every
 * fired trigger into a user profile.
 */
export async function runTriggers(context: CommandContext, options: EvalTriggersOptions): Promise<number> {
  const all = loadTriggers(options.triggersFile);
  const unknown = options.only.filter((name) => !all.some((trigger) => trigger.name === name));
  if (unknown.length > 0)
    throw new UsageError(
      `Unknown trigger ${unknown.join(', ')}.`,
      `Triggers: ${all.map((trigger) => trigger.name).join(', ')}.`,
    );
  const triggers = options.only.length === 0 ? all : all.filter((trigger) => options.only.includes(trigger.name));
  const endpoints = parseEndpoints(options.endpoints);
  const { config } = await context.resolveStrategy();
  const controller = new AbortController();
  const removeHandler = cancelOnInterrupt(controller);
  let verdicts: TriggerVerdict[];
  try {
    verdicts = await evaluateTriggers(context, {
      config,
      triggers,
      concurrency: options.concurrency,
      signal: controller.signal,
    });
  } finally {
    removeHandler();
  }
  const failed = verdicts.filter((verdict) => verdict.errors > 0);
  const fired = verdicts.filter(
    (verdict) => verdict.status === 'fires' && !verdict.already_routed && verdict.errors === 0,
  );
  const changes = new Map(
    fired.map((verdict) => [verdict.trigger.name, describeTriggerChange(config, verdict.trigger, endpoints)]),
  );
  let written: string | undefined;
  if (options.apply && fired.length > 0) {
    written = writeUserProfile({
      config,
      env: context.env,
      edit: (document) => {
        for (const verdict of fired)
          applyTriggerChange(document, config, verdict.trigger, changes.get(verdict.trigger.name)?.endpoint ?? '');
      },
    });
  }
  const { output } = context;
  if (output.json) {
    output.out(
      formatJson({
        strategy: config.name,
        triggers: verdicts.map((verdict) => ({
          name: verdict.trigger.name,
          suite: verdict.trigger.suitePath,
          task_type: verdict.trigger.task_type,
          metric: verdict.trigger.metric,
          threshold: verdict.trigger.threshold,
          measured: verdict.measured,
          errors: verdict.errors,
          status: verdict.status,
          already_routed: verdict.already_routed,
          change: changes.get(verdict.trigger.name) ?? null,
        })),
        written: written ?? null,
      }),
    );
  } else {
    output.out(`triggers on strategy ${config.name} (current routing)`);
    for (const verdict of verdicts) {
      const label = verdict.errors > 0 ? 'ERRORS' : verdict.already_routed ? 'routed' : verdict.status.toUpperCase();
      output.out(`\n${verdict.trigger.name.padEnd(7)} ${label}  ${describeVerdict(verdict)}`);
      if (verdict.errors > 0)
        output.out(`  ${verdict.errors} items got no answer: fix the fleet (biopipe status) and run again`);
      if (verdict.already_routed) output.out(`  ${verdict.trigger.task_type} already goes to ${verdict.trigger.role}`);
      const change = changes.get(verdict.trigger.name);
      if (change === undefined) continue;
      output.out(
        `  add the fleet role ${change.role}${change.model === null ? '' : ` (${change.model})`}: turn it on in ${change.fleet_overlay} and start it with the same scripts`,
      );
      output.out(`  profile lines:\n${change.profile_lines.trimEnd().replace(/^/gm, '    ')}`);
    }
    output.out('');
    if (written !== undefined) output.out(`wrote ${written}`);
    else if (fired.length > 0) output.out('(--apply writes these lines into a user profile)');
    else output.out('no trigger fires');
  }
  return failed.length > 0 ? 1 : 0;
}
