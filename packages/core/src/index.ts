// The error classes and exit codes, which `@biopipe/core/errors` also serves alone for a fast start.
export * from './error-classes.js';
export { collapseRepeats } from './collapse-repeats.js';
export { findClosestMatch } from './closest-match.js';
export { CLOUD_TARGET, DEFAULT_TASK_KEY, TASK_TYPES, taskTypeSchema } from './task-types.js';
export type { TaskType } from './task-types.js';
export { DEFAULT_CLOUD_MODELS } from './cloud-model-catalogue.js';
export type { CloudModel, CloudProvider } from './cloud-model-catalogue.js';
export { templateHeader } from './context-template-schema.js';
export type { ContextTemplate } from './context-template-schema.js';
export { TemplateRegistry, loadContextTemplate } from './context-template-registry.js';
export { PHI_CATEGORY_LABELS } from './phi-categories.js';
export type { PhiCategory } from './phi-categories.js';
export type { BudgetSettings } from './guard-settings-schema.js';
export { BudgetExceededError, PhiHeldError } from './guard-errors.js';
export type { SpendLedger, SpendTotals } from './spend-ledger.js';
export type { CloudPrice } from './cloud-price.js';
export type { ComplexitySemanticSettings, ComplexityTaskSettings } from './complexity-routing-schema.js';
export { LLAMA_GUARD_CATEGORIES, formatLlamaGuardAnswer, parseLlamaGuardAnswer } from './llama-guard-answer.js';
export type { LlamaGuardVerdict } from './llama-guard-answer.js';
export type { SafetyGuardSettings } from './safety-guard-schema.js';
export { ContentPolicyViolationError, SafetyGuardUnavailableError } from './safety-errors.js';
export { primaryTarget } from './ab-split-schema.js';
export type { AbSplitSettings } from './ab-split-schema.js';
export type {
  CircuitBreakerSettings,
  MetricsSettings,
  RetrySettings,
  StrategyProfile,
} from './strategy-profile-schema.js';
export { parseYamlConfig } from './parse-yaml-config.js';
export { StrategyConfig, readConfigFile } from './strategy-config.js';
export type { RouteTarget } from './strategy-config.js';
export { ProfileRegistry } from './profile-registry.js';
export { fleetManifestSchema } from './fleet-manifest-schema.js';
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
export { applyEnvironmentAliases } from './environment-variables.js';
export { readUserSettings, writeUserSettings } from './user-settings.js';
export { isDebugRoutingForced, resolveStrategy } from './resolve-strategy.js';
export type { AutoDetectResult, AutoDetectStrategy, ResolvedStrategy, StrategySource } from './resolve-strategy.js';
export { ROUTING_RECORD_SCHEMA_VERSION, routingDecisionSchema, routingMetricSchema } from './routing-metric.js';
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
export { readEndpointRegistry, readProfileEndpointRegistry } from './endpoint-registry.js';
export type { EndpointRegistryEntry, EndpointRegistrySnapshot } from './endpoint-registry.js';
export { createSeededRandom } from './create-seeded-random.js';
export type { RandomSource } from './create-seeded-random.js';
export { renderEvalMessages } from './eval-suite-schema.js';
export type { EvalItem } from './eval-suite-schema.js';
export { MAX_EVAL_SUITE_BYTES, loadEvalSuite } from './load-eval-suite.js';
export type { EvalSuite } from './load-eval-suite.js';
