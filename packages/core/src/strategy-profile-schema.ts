import { z } from 'zod';
import { findClosestMatch } from './closest-match.js';
import { DEFAULT_CLOUD_MODELS, cloudModelSchema } from './cloud-model-catalogue.js';
import { cloudPriceSchema } from './cloud-price.js';
import { budgetSchema, phiGuardSchema } from './guard-settings-schema.js';
import { PROFILE_NAME_PATTERN } from './profile-files.js';
import { profileTemplatesSchema } from './profile-templates-schema.js';
import { replicaSelectionSchema } from './replica-selection-schema.js';
import { CLOUD_TARGET, DEFAULT_TASK_KEY, TASK_TYPES } from './task-types.js';
import { checkComplexityRouting, complexityRoutingSchema } from './complexity-routing-schema.js';
import { checkAbSplit, entryTargets, taskRouteSchema } from './ab-split-schema.js';
import { checkSafetyGuard, safetyGuardSchema } from './safety-guard-schema.js';

const ROLE_PATTERN = /^[a-z][a-z0-9_-]*$/;

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

/** One role's endpoints: a URL, a list of replica URLs, or the long form with the served model name. */
const roleEndpointsSchema = z.union([
  httpUrl,
  z.array(httpUrl).min(1, 'needs at least one URL'),
  z.strictObject({
    /** Replica base URLs. */
    urls: z.array(httpUrl).min(1, 'needs at least one URL'),
    /** The `--served-model-name` the replicas answer to. @default the role's name in config/fleet.yaml */
    served_model_name: z.string().min(1).optional(),
  }),
]);

const ORDINALS = ['primary', 'secondary', 'tertiary', 'quaternary', 'quinary'] as const;

/** The cloud chain, written as `primary`, `secondary`, … or as a list; normalised to a list. */
const fallbackSchema = z
  .union([
    z.array(z.string().min(1)),
    z.strictObject(
      Object.fromEntries(ORDINALS.map((ordinal) => [ordinal, z.string().min(1).optional()])) as Record<
        (typeof ORDINALS)[number],
        z.ZodOptional<z.ZodString>
      >,
    ),
  ])
  .transform((value) =>
    Array.isArray(value)
      ? value
      : ORDINALS.flatMap((ordinal) => (value[ordinal] === undefined ? [] : [value[ordinal]])),
  );

/** Per-attempt deadlines, in milliseconds. */
export const timeoutsSchema = z.strictObject({
  /** TCP connect to one endpoint. @default 2000 */
  connect_ms: z.number().int().positive().default(2_000),
  /** From sending the request to the first token (or the whole answer, when not streaming); a hanging server costs at most this. @default 30000 */
  first_token_ms: z.number().int().positive().default(30_000),
  /** Longest silence allowed between two streamed tokens. @default 15000 */
  idle_ms: z.number().int().positive().default(15_000),
  /** Whole request, every attempt included. @default 300000 */
  total_ms: z.number().int().positive().default(300_000),
});

/** Retries of retryable failures (refused, 408, 409, 429, 5xx, timeouts). */
export const retrySchema = z.strictObject({
  /** Attempts per request across all replicas and cloud models, the first included. @default 4 */
  max_attempts: z.number().int().min(1).max(20).default(4),
  /** First backoff delay before retrying the same endpoint. @default 100 */
  base_delay_ms: z.number().int().min(0).default(100),
  /** Largest backoff delay. @default 2000 */
  max_delay_ms: z.number().int().min(0).default(2_000),
  /** Longest `Retry-After` honoured; a longer one moves on instead of waiting. @default 10000 */
  retry_after_cap_ms: z.number().int().min(0).default(10_000),
});

/** Passive health: consecutive failures open a replica's circuit. */
export const circuitBreakerSchema = z.strictObject({
  /** Consecutive failures that open the circuit. @default 3 */
  failure_threshold: z.number().int().min(1).default(3),
  /** Time an open circuit waits before one probe request may half-open it. @default 30000 */
  cooldown_ms: z.number().int().min(0).default(30_000),
});

/** Where routing metrics go. */
export const metricsSettingsSchema = z.strictObject({
  /** JSONL file; `BIOPIPELINES_METRICS_PATH` overrides it. Relative paths are from the working directory. @default "logs/routing_metrics.jsonl" */
  path: z.string().min(1).default('logs/routing_metrics.jsonl'),
  /** Rotate when the file reaches this size. @default 52428800 (50 MiB) */
  max_file_bytes: z
    .number()
    .int()
    .positive()
    .default(50 * 1024 * 1024),
  /** Rotated files kept (`.1` … `.N`). @default 5 */
  keep_files: z.number().int().min(0).default(5),
});

/** Active health checks of the fleet. */
export const healthSettingsSchema = z.strictObject({
  /** Deadline of one endpoint check. @default 2000 */
  check_timeout_ms: z.number().int().positive().default(2_000),
  /** How long a detection result is reused before probing again. @default 10000 */
  cache_ttl_ms: z.number().int().min(0).default(10_000),
});

/** The endpoint registry that running SLURM jobs publish to (DESIGN.md, "Words"). */
export const endpointRegistrySettingsSchema = z.strictObject({
  /** Read role endpoints from the registry; fresh entries win over static URLs. @default false */
  enabled: z.boolean().default(false),
  /** Registry file. @default "$BIOPIPELINES_STATE_DIR/endpoints" (a directory of ROLE.JOBID.json files) */
  path: z.string().min(1).optional(),
  /** Entries older than this are ignored as stale. @default 600 */
  max_age_s: z.number().int().positive().default(600),
});

const baseProfileSchema = z.strictObject({
  /** The profile's name; equals its file name without `.yaml`. */
  profile_name: z.string().regex(PROFILE_NAME_PATTERN, 'must match ^[a-z0-9][a-z0-9_-]*$'),
  /** One line shown by `biopipe strategy list`. @default "" */
  description: z.string().default(''),
  /** May any request leave the cluster? `false` makes the profile PHI-safe. Defaults to the safe side. @default false */
  allow_cloud: z.boolean().default(false),
  /** Write a RoutingDecision for every request (`BIOPIPELINES_DEBUG_ROUTING=1` also turns it on). @default false */
  debug_routing: z.boolean().default(false),
  /** Role -> replica URL(s) of the local vLLM fleet. @default {} */
  vllm_endpoints: z
    .record(z.string().regex(ROLE_PATTERN, 'role names are lowercase words'), roleEndpointsSchema)
    .default({}),
  /** Task type (or "*" for all others) -> role, "cloud" for the cloud chain, or an A/B split `{split: {roleA: 50, roleB: 50}, sticky: session}`. @default {} */
  task_routing: z.record(z.string(), taskRouteSchema).default({}),
  /** Ordered cloud chain tried when the local role cannot serve. @default [] */
  fallback: fallbackSchema.default([]),
  /** Cloud models that may stand in for the local embeddings model. They produce vectors of another model and size, so this is opt-in. @default [] */
  embeddings_fallback: z.array(z.string().min(1)).default([]),
  /** Cloud models added to (or replacing) the built-in catalogue. @default {} */
  cloud_models: z.record(z.string().min(1), cloudModelSchema).default({}),
  timeouts: timeoutsSchema.default(timeoutsSchema.parse({})),
  retry: retrySchema.default(retrySchema.parse({})),
  circuit_breaker: circuitBreakerSchema.default(circuitBreakerSchema.parse({})),
  metrics: metricsSettingsSchema.default(metricsSettingsSchema.parse({})),
  health: healthSettingsSchema.default(healthSettingsSchema.parse({})),
  endpoint_registry: endpointRegistrySettingsSchema.default(endpointRegistrySettingsSchema.parse({})),
  replica_selection: replicaSelectionSchema.default(replicaSelectionSchema.parse({})),
  /** Task type (or "*") -> context template from `config/templates/`, applied before replica choice. @default {} */
  templates: profileTemplatesSchema.default({}),
  /** The per-request PHI guard. @default { mode: keep_local } (every category) */
  phi_guard: phiGuardSchema.default(phiGuardSchema.parse({})),
  /** Prices that override the catalogue's, by cloud model name. @default {} */
  cloud_prices: z.record(z.string().min(1), cloudPriceSchema).default({}),
  /** Cloud spending limits. @default none */
  budget: budgetSchema.optional(),
  /** Per task, a local complexity score picks a weak or a strong target. @default off */
  complexity_routing: complexityRoutingSchema.optional(),
  /** A local guard model classifies every chat prompt first: `{role: guard, action: block|flag, on_unavailable: fail_closed|fail_open}`. @default off */
  safety_guard: safetyGuardSchema.optional(),
});

type BaseProfile = z.output<typeof baseProfileSchema>;

/** Invariants established once, at load, so no caller has to re-check them. */
function checkInvariants(profile: BaseProfile, context: z.RefinementCtx): void {
  const problem = (path: (string | number)[], message: string, hint?: string, at: 'key' | 'value' = 'value'): void => {
    context.addIssue({ code: 'custom', path, message, params: { ...(hint === undefined ? {} : { hint }), at } });
  };
  const catalogue = { ...DEFAULT_CLOUD_MODELS, ...profile.cloud_models };
  const catalogueNames = Object.keys(catalogue);
  const roles = Object.keys(profile.vllm_endpoints);
  const taskKeys = [...TASK_TYPES, DEFAULT_TASK_KEY];

  for (const [task, target] of Object.entries(profile.task_routing)) {
    if (!taskKeys.includes(task)) {
      const closest = findClosestMatch(task, taskKeys);
      problem(
        ['task_routing', task],
        `unknown task type "${task}"`,
        closest === undefined ? `Task types: ${taskKeys.join(', ')}.` : `Did you mean "${closest}"?`,
        'key',
      );
    }
    if (typeof target !== 'string') {
      checkAbSplit(
        ['task_routing', task],
        target,
        { allowCloud: profile.allow_cloud, roles, registryEnabled: profile.endpoint_registry.enabled },
        problem,
      );
      continue;
    }
    if (target === CLOUD_TARGET) {
      if (!profile.allow_cloud) {
        problem(
          ['task_routing', task],
          `routes to the cloud, but allow_cloud is false (PHI-safe profiles keep every request on the cluster)`,
          'Route this task to a local role, or set allow_cloud: true if no protected data can reach it.',
        );
      }
      continue;
    }
    if (!ROLE_PATTERN.test(target)) {
      problem(['task_routing', task], `"${target}" is not a role name or "cloud"`);
    } else if (!roles.includes(target) && !profile.endpoint_registry.enabled) {
      const closest = findClosestMatch(target, roles);
      problem(
        ['task_routing', task],
        `role "${target}" has no endpoint in vllm_endpoints`,
        closest === undefined
          ? `Add ${target} to vllm_endpoints (roles now: ${roles.join(', ') || 'none'}), or enable endpoint_registry.`
          : `Did you mean "${closest}"?`,
      );
    }
  }

  const checkChain = (key: 'fallback' | 'embeddings_fallback', kind: 'chat' | 'embeddings'): void => {
    const chain = profile[key];
    if (!profile.allow_cloud && chain.length > 0) {
      problem(
        [key],
        `a PHI-safe profile (allow_cloud: false) cannot have a cloud chain`,
        `Remove ${key}, or set allow_cloud: true.`,
      );
      return;
    }
    chain.forEach((name, index) => {
      const model = catalogue[name];
      if (model === undefined) {
        const closest = findClosestMatch(name, catalogueNames);
        problem(
          [key, index],
          `unknown cloud model "${name}"`,
          closest === undefined
            ? `Known cloud models: ${catalogueNames.join(', ')}; add others under cloud_models.`
            : `Did you mean "${closest}"?`,
        );
      } else if (model.kind !== kind) {
        problem([key, index], `cloud model "${name}" is a ${model.kind} model; ${key} needs ${kind} models`);
      }
    });
  };
  checkChain('fallback', 'chat');
  checkChain('embeddings_fallback', 'embeddings');

  for (const name of Object.keys(profile.cloud_prices)) {
    if (catalogue[name] === undefined) {
      const closest = findClosestMatch(name, catalogueNames);
      problem(
        ['cloud_prices', name],
        `unknown cloud model "${name}"`,
        closest === undefined ? `Known cloud models: ${catalogueNames.join(', ')}.` : `Did you mean "${closest}"?`,
        'key',
      );
    }
  }

  checkComplexityRouting(
    profile.complexity_routing,
    {
      allowCloud: profile.allow_cloud,
      roles,
      registryEnabled: profile.endpoint_registry.enabled,
      fallbackLength: profile.fallback.length,
    },
    problem,
  );

  checkSafetyGuard(profile.safety_guard, { roles, registryEnabled: profile.endpoint_registry.enabled }, problem);

  const routesToCloud = Object.values(profile.task_routing).flatMap(entryTargets).includes(CLOUD_TARGET);
  if (profile.allow_cloud && routesToCloud && profile.fallback.length === 0) {
    problem(
      ['fallback'],
      'some tasks route to "cloud" but the fallback chain is empty',
      'List at least one cloud model, e.g. fallback: { primary: deepseek-v3 }.',
    );
  }
}

/** A strategy profile as written in `config/strategies/NAME.yaml`. Strict: unknown keys are errors. */
export const strategyProfileSchema = baseProfileSchema.superRefine(checkInvariants);

/** A validated strategy profile with every default filled in (`fallback` normalised to a list). */
export type StrategyProfile = z.output<typeof strategyProfileSchema>;
/** A strategy profile as a user may write it. */
export type StrategyProfileInput = z.input<typeof strategyProfileSchema>;
export type TimeoutSettings = z.output<typeof timeoutsSchema>;
export type RetrySettings = z.output<typeof retrySchema>;
export type CircuitBreakerSettings = z.output<typeof circuitBreakerSchema>;
export type MetricsSettings = z.output<typeof metricsSettingsSchema>;
export type HealthSettings = z.output<typeof healthSettingsSchema>;
export type EndpointRegistrySettings = z.output<typeof endpointRegistrySettingsSchema>;
