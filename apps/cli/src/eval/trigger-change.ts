import { stringify, type Document } from 'yaml';
import { loadFleetManifest, specialistsOverlayPath, type StrategyConfig } from '@biopipe/core';
import type { Trigger } from './triggers-schema.js';

/** What a fired trigger asks for: the fleet role to add and the profile lines that route to it. */
export interface TriggerChange {
  role: string;
  /** The role's model in the fleet manifest, when it is an optional role there. */
  model: string | null;
  /** The overlay that turns the optional roles on. */
  fleet_overlay: string;
  endpoint: string;
  /** The profile lines, as YAML. */
  profile_lines: string;
}

function findSpecialist(role: string): { model: string; port: number } | undefined {
  try {
    const spec = loadFleetManifest(specialistsOverlayPath()).roles[role];
    return spec === undefined ? undefined : { model: spec.model, port: spec.port };
  } catch {
    return undefined;
  }
}

/** The current target of a task under the profile: a role, or `cloud`. */
function currentTarget(config: StrategyConfig, trigger: Trigger): string {
  const target = config.routeFor(trigger.task_type);
  return target.kind === 'role' ? target.role : 'cloud';
}

/**
 * The profile values of a trigger's change: the role's endpoint and either an A/B split of the task
 * (50/50 between its current target and the specialist, sticky per session) or a safety guard.
 * The endpoint is `endpoints[role]`, else the current role's host with the manifest's port.
 */
function profileValues(config: StrategyConfig, trigger: Trigger, endpoint: string): Record<string, unknown> {
  const values: Record<string, unknown> = { vllm_endpoints: { [trigger.role]: endpoint } };
  if (trigger.change === 'split')
    values['task_routing'] = {
      [trigger.task_type]: { split: { [currentTarget(config, trigger)]: 50, [trigger.role]: 50 }, sticky: 'session' },
    };
  else values['safety_guard'] = { role: trigger.role, action: 'block' };
  return values;
}

/** Describes a trigger's change for output. */
export function describeTriggerChange(
  config: StrategyConfig,
  trigger: Trigger,
  endpoints: ReadonlyMap<string, string>,
): TriggerChange {
  const specialist = findSpecialist(trigger.role);
  const current = config.routeFor(trigger.task_type);
  const host = current.kind === 'role' ? config.roleEndpoints(current.role).urls[0] : undefined;
  const base = host === undefined ? new URL('http://127.0.0.1') : new URL(host);
  const endpoint = endpoints.get(trigger.role) ?? `${base.protocol}//${base.hostname}:${specialist?.port ?? 8000}`;
  return {
    role: trigger.role,
    model: specialist?.model ?? null,
    fleet_overlay: specialistsOverlayPath(),
    endpoint,
    profile_lines: stringify(profileValues(config, trigger, endpoint), { collectionStyle: 'any' }),
  };
}

/** Writes a change into a profile document. */
export function applyTriggerChange(
  document: Document,
  config: StrategyConfig,
  trigger: Trigger,
  endpoint: string,
): void {
  document.setIn(['vllm_endpoints', trigger.role], endpoint);
  const values = profileValues(config, trigger, endpoint);
  if (trigger.change === 'split') {
    const routing = values['task_routing'] as Record<string, unknown>;
    document.setIn(['task_routing', trigger.task_type], document.createNode(routing[trigger.task_type]));
  } else document.set('safety_guard', document.createNode(values['safety_guard']));
}
