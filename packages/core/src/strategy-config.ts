import path from 'node:path';
import { entryTargets, primaryTarget, type AbSplitSettings } from './ab-split-schema.js';
import { DEFAULT_CLOUD_MODELS, type CloudModel } from './cloud-model-catalogue.js';
import { UnknownTaskTypeError } from './config-errors.js';
import { findClosestMatch } from './closest-match.js';
import { BiopipeError } from './errors.js';
import { parseYamlConfig } from './parse-yaml-config.js';
import { readConfigFile } from './read-config-file.js';
import { strategyProfileSchema, type StrategyProfile } from './strategy-profile-schema.js';
import { CLOUD_TARGET, DEFAULT_TASK_KEY, TASK_TYPES, isTaskType, type TaskType } from './task-types.js';

/** Where a task goes: a local role, or straight to the cloud chain. */
export type RouteTarget = { kind: 'role'; role: string } | { kind: 'cloud' };

/** One role's replicas as the profile states them. */
export interface RoleEndpoints {
  urls: readonly string[];
  /** The served model name the replicas answer to, when the profile states it. */
  servedModelName: string | undefined;
}

export { readConfigFile } from './read-config-file.js';

/**
 * A validated strategy profile and the questions callers ask of it. Invariants (PHI-safe profiles
 * have no cloud target, every routed role has endpoints, every cloud name exists) hold for every
 * instance, because the only way to make one is through the schema.
 */
export class StrategyConfig {
  private constructor(
    /** The profile with every default filled in. */
    readonly profile: StrategyProfile,
    /** The file it came from, or a label such as `<string>`. */
    readonly source: string,
  ) {}

  /** Loads and validates a profile file. @throws ConfigFileUnreadableError, ConfigValidationError */
  static fromYaml(file: string): StrategyConfig {
    return StrategyConfig.fromString(readConfigFile(file, 'strategy profile'), file);
  }

  /** Validates profile YAML text; `source` names it in errors. @throws ConfigValidationError */
  static fromString(text: string, source = '<string>'): StrategyConfig {
    return new StrategyConfig(parseYamlConfig(text, source, strategyProfileSchema), source);
  }

  get name(): string {
    return this.profile.profile_name;
  }
  get description(): string {
    return this.profile.description;
  }
  get allowCloud(): boolean {
    return this.profile.allow_cloud;
  }
  get debugRouting(): boolean {
    return this.profile.debug_routing;
  }
  /** The cloud chain, in order. Empty for PHI-safe profiles. */
  get fallbackChain(): readonly string[] {
    return this.profile.fallback;
  }

  /** The same profile with debug routing forced on or off (e.g. by `BIOPIPELINES_DEBUG_ROUTING=1`). */
  withDebugRouting(enabled: boolean): StrategyConfig {
    if (enabled === this.profile.debug_routing) return this;
    return new StrategyConfig({ ...this.profile, debug_routing: enabled }, this.source);
  }

  /** Roles that have static endpoints in this profile. */
  get roles(): readonly string[] {
    return Object.keys(this.profile.vllm_endpoints);
  }

  /** Every role some task routes to. */
  get routedRoles(): readonly string[] {
    return [
      ...new Set(
        Object.values(this.profile.task_routing)
          .flatMap(entryTargets)
          .filter((target) => target !== CLOUD_TARGET),
      ),
    ];
  }

  /** The static replicas of a role (empty when the role comes only from the endpoint registry). */
  roleEndpoints(role: string): RoleEndpoints {
    const entry = this.profile.vllm_endpoints[role];
    if (entry === undefined) return { urls: [], servedModelName: undefined };
    if (typeof entry === 'string') return { urls: [entry], servedModelName: undefined };
    if (Array.isArray(entry)) return { urls: entry, servedModelName: undefined };
    return { urls: entry.urls, servedModelName: entry.served_model_name };
  }

  /**
   * The route target of a task type: its own entry, else `"*"` (for an A/B split, its first arm:
   * the router assigns the arm per request, see `splitFor`).
   * @throws UnknownTaskTypeError for a name that is not a task type; BiopipeError when the profile routes nothing there.
   */
  routeFor(taskType: string): RouteTarget {
    if (!isTaskType(taskType)) {
      throw new UnknownTaskTypeError(taskType, TASK_TYPES, findClosestMatch(taskType, TASK_TYPES));
    }
    const target = this.profile.task_routing[taskType] ?? this.profile.task_routing[DEFAULT_TASK_KEY];
    if (target === undefined) {
      throw new BiopipeError(
        'no_backend_available',
        `Strategy "${this.name}" routes no target for task type "${taskType}".`,
        {
          hint: `Add ${taskType} (or "*") to task_routing in ${this.source}, or pick another strategy.`,
        },
      );
    }
    const primary = primaryTarget(target);
    return primary === CLOUD_TARGET ? { kind: 'cloud' } : { kind: 'role', role: primary };
  }

  /** The A/B split that decides a task type's target per request, when its entry (or `"*"`'s) is one. */
  splitFor(taskType: string): { experiment: string; settings: AbSplitSettings } | undefined {
    const own = this.profile.task_routing[taskType];
    const experiment = own === undefined ? DEFAULT_TASK_KEY : taskType;
    const entry = own ?? this.profile.task_routing[DEFAULT_TASK_KEY];
    return entry === undefined || typeof entry === 'string' ? undefined : { experiment, settings: entry };
  }

  /** Built-in cloud models merged with the profile's own. */
  get cloudCatalogue(): Readonly<Record<string, CloudModel>> {
    return { ...DEFAULT_CLOUD_MODELS, ...this.profile.cloud_models };
  }

  /** A cloud model by logical name (validated at load for every name the profile uses). */
  cloudModel(name: string): CloudModel {
    const model = this.cloudCatalogue[name];
    if (model === undefined) throw new BiopipeError('internal', `Cloud model "${name}" is not in the catalogue.`);
    return model;
  }

  /** The task types this profile can route (all of them when it has a `"*"` entry). */
  get routedTaskTypes(): readonly TaskType[] {
    if (this.profile.task_routing[DEFAULT_TASK_KEY] !== undefined) return TASK_TYPES;
    return TASK_TYPES.filter((task) => this.profile.task_routing[task] !== undefined);
  }

  /** Directory of the file the profile came from (relative paths in it are not resolved against it). */
  get sourceDir(): string {
    return path.dirname(this.source);
  }
}
