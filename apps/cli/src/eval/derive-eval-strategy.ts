import { stringify } from 'yaml';
import { describeDisabledRole, StrategyConfig, UsageError, type TaskType } from '@biopipe/core';

/** What an evaluation sends its items to: the profile's own routing, a role, or one cloud model. */
export type EvalTarget = { kind: 'routing' } | { kind: 'role'; role: string } | { kind: 'cloud'; model: string };

/**
 * Names a `--target`: a role of the profile, else a cloud model of its catalogue. A cloud model under
 * a PHI-safe profile is refused here, before anything is built, so nothing can call the cloud. An
 * unknown name that `fleetFile` writes as a disabled role is told apart from a typo.
 * @throws UsageError for an unknown name, or a cloud model under `allow_cloud: false`
 */
export function resolveEvalTarget(config: StrategyConfig, name: string | undefined, fleetFile: string): EvalTarget {
  if (name === undefined) return { kind: 'routing' };
  if (config.roles.includes(name)) return { kind: 'role', role: name };
  if (config.cloudCatalogue[name] !== undefined) {
    if (!config.allowCloud)
      throw new UsageError(
        `Strategy "${config.name}" is PHI-safe (allow_cloud: false): the cloud model "${name}" cannot be evaluated under it, and nothing was sent.`,
        `Evaluate a local role (${config.roles.join(', ')}), or pick a profile that allows the cloud with --strategy, only for suites without PHI.`,
      );
    return { kind: 'cloud', model: name };
  }
  const disabled = describeDisabledRole(name, fleetFile);
  if (disabled !== undefined)
    throw new UsageError(
      `Evaluation target "${name}" is not a role of strategy "${config.name}". ${disabled.message}`,
      `Once the role runs, give the profile its endpoint under vllm_endpoints (biopipe eval triggers --apply writes it). ${disabled.hint}`,
    );
  throw new UsageError(
    `Unknown evaluation target "${name}" in strategy "${config.name}".`,
    `Targets: the roles ${config.roles.join(', ')}, or a cloud model (${Object.keys(config.cloudCatalogue).join(', ')}).`,
  );
}

/**
 * The profile an evaluation runs on: the active one, with every task type of the suite routed to the
 * target (and complexity routing off, so no item is moved to another target). Built through the
 * schema, so every invariant of a profile holds for it too.
 */
export function deriveEvalStrategy(
  config: StrategyConfig,
  target: EvalTarget,
  taskTypes: readonly TaskType[],
): StrategyConfig {
  if (target.kind === 'routing') return config;
  const profile: Record<string, unknown> = { ...config.profile };
  const routed = target.kind === 'role' ? target.role : 'cloud';
  profile['task_routing'] = {
    ...config.profile.task_routing,
    ...Object.fromEntries(taskTypes.map((task) => [task, routed])),
  };
  delete profile['complexity_routing'];
  if (target.kind === 'cloud') profile['fallback'] = [target.model];
  return StrategyConfig.fromString(
    stringify(profile),
    `${config.source} (evaluating ${target.kind === 'role' ? target.role : target.model})`,
  );
}

/** How a target is named in output: the role, the cloud model, or `routing` for the profile's own. */
export function describeEvalTarget(target: EvalTarget): string {
  return target.kind === 'routing' ? 'routing' : target.kind === 'role' ? target.role : target.model;
}
