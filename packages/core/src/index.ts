// The error classes and exit codes, which `@biopipe/core/errors` also serves alone for a fast start.
export * from './error-classes.js';
export { collapseRepeats } from './collapse-repeats.js';
export { editDistance, findClosestMatch } from './closest-match.js';
export { CLOUD_TARGET, DEFAULT_TASK_KEY, TASK_TYPES, isTaskType, taskTypeSchema } from './task-types.js';
export type { TaskType } from './task-types.js';
export { DEFAULT_CLOUD_MODELS, cloudModelSchema, cloudProviderSchema } from './cloud-model-catalogue.js';
export type { CloudModel, CloudProvider } from './cloud-model-catalogue.js';
export { strategyProfileSchema } from './strategy-profile-schema.js';
export { replicaSelectionSchema } from './replica-selection-schema.js';
export { contextTemplateSchema, templateHeader } from './context-template-schema.js';
export type { ContextTemplate } from './context-template-schema.js';
export { TemplateRegistry, loadContextTemplate } from './context-template-registry.js';
export type { ListedTemplate } from './context-template-registry.js';
export type { ReplicaSelectionSettings } from './replica-selection-schema.js';
export { PROFILE_NAME_PATTERN, findConfigFiles, findProfileFiles } from './profile-files.js';
export type { ConfigFileKind, ProfileEntry, ProfileFilesOptions, SkippedProfileFile } from './profile-files.js';
export { PHI_CATEGORIES, PHI_CATEGORY_LABELS, phiCategorySchema } from './phi-categories.js';
export type { PhiCategory } from './phi-categories.js';
export { budgetSchema, phiGuardSchema } from './guard-settings-schema.js';
export type { BudgetSettings, PhiGuardSettings } from './guard-settings-schema.js';
export { cloudPriceSchema } from './cloud-price.js';
export { BudgetExceededError, PhiHeldError } from './guard-errors.js';
export type { SpendLedger, SpendTotals } from './spend-ledger.js';
export type { CloudPrice } from './cloud-price.js';
export {
  complexityRoutingSchema,
  complexitySemanticSchema,
  complexityTaskSchema,
} from './complexity-routing-schema.js';
export type {
  ComplexityRoutingSettings,
  ComplexitySemanticSettings,
  ComplexityTaskSettings,
} from './complexity-routing-schema.js';
export { safetyGuardSchema } from './safety-guard-schema.js';
export { LLAMA_GUARD_CATEGORIES, formatLlamaGuardAnswer, parseLlamaGuardAnswer } from './llama-guard-answer.js';
export type { LlamaGuardVerdict } from './llama-guard-answer.js';
export type { SafetyGuardSettings } from './safety-guard-schema.js';
export { ContentPolicyViolationError, SafetyGuardUnavailableError } from './safety-errors.js';
export { abSplitSchema, entryTargets, primaryTarget } from './ab-split-schema.js';
export type { AbSplitSettings, TaskRouteEntry } from './ab-split-schema.js';
export type {
  CircuitBreakerSettings,
  EndpointRegistrySettings,
  HealthSettings,
  MetricsSettings,
  RetrySettings,
  StrategyProfile,
  StrategyProfileInput,
  TimeoutSettings,
} from './strategy-profile-schema.js';
export { parseYamlConfig } from './parse-yaml-config.js';
export { StrategyConfig, readConfigFile } from './strategy-config.js';
export type { RoleEndpoints, RouteTarget } from './strategy-config.js';
export { ProfileRegistry } from './profile-registry.js';
export type { ListedProfile, ProfileRegistryOptions } from './profile-registry.js';
export { PRESETS } from './presets.js';
export { fleetManifestSchema, fleetRoleSchema } from './fleet-manifest-schema.js';
export type { FleetManifest, FleetRole } from './fleet-manifest-schema.js';
export {
  defaultFleetManifestPath,
  describeDisabledRole,
  loadFleetManifest,
  specialistsOverlayPath,
} from './fleet-manifest.js';
export { builtinConfigDir, endpointRegistryPath, stateDir, userConfigDir } from './paths.js';
export type { Environment } from './paths.js';
export { findAncestorDirectory } from './find-ancestor-directory.js';
export { ENVIRONMENT_VARIABLES, applyEnvironmentAliases } from './environment-variables.js';
export type { EnvironmentVariable } from './environment-variables.js';
export { readUserSettings, userSettingsPath, writeUserSettings } from './user-settings.js';
export type { UserSettings } from './user-settings.js';
export { isDebugRoutingForced, resolveStrategy } from './resolve-strategy.js';
export type {
  AutoDetectResult,
  AutoDetectStrategy,
  ResolveStrategyOptions,
  ResolvedStrategy,
  StrategySource,
} from './resolve-strategy.js';
export {
  ROUTING_RECORD_SCHEMA_VERSION,
  attemptRecordSchema,
  routingCandidateSchema,
  complexityVerdictSchema,
  routingDecisionSchema,
  routingMetricSchema,
} from './routing-metric.js';
export type {
  AttemptRecord,
  ComplexityVerdict,
  RoutingCandidate,
  RoutingDecision,
  RoutingMetric,
  RoutingMetricInput,
  RoutingRecord,
} from './routing-metric.js';
export { silentLogger } from './interfaces.js';
export type {
  EndpointState,
  FinishReason,
  HealthSource,
  LogFields,
  Logger,
  MetricsSink,
  StreamPart,
  TokenUsage,
} from './interfaces.js';
export { endpointRegistryEntrySchema, readEndpointRegistry } from './endpoint-registry.js';
export type {
  EndpointRegistryEntry,
  EndpointRegistrySnapshot,
  ReadEndpointRegistryOptions,
} from './endpoint-registry.js';
export { createSeededRandom } from './create-seeded-random.js';
export type { RandomSource } from './create-seeded-random.js';
export { EVAL_GRADERS, defaultGrader, evalItemSchema, renderEvalMessages } from './eval-suite-schema.js';
export type { EvalGraderName, EvalItem, EvalItemInput } from './eval-suite-schema.js';
export { MAX_EVAL_SUITE_BYTES, loadEvalSuite, parseEvalSuite } from './load-eval-suite.js';
export type { EvalSuite } from './load-eval-suite.js';
