export { ModelOrchestrator } from './model-orchestrator.js';
export type { ModelOrchestratorOptions } from './model-orchestrator.js';
export { CascadingProviderRouter } from './routing/cascading-provider-router.js';
export type { CascadingProviderRouterOptions } from './routing/cascading-provider-router.js';
export { ReplicaRanker } from './routing/replica-ranker.js';
export type { ReplicaRankerOptions } from './routing/replica-ranker.js';
export { ReplicaStateStore } from './routing/replica-state.js';
export { ProviderPool, createVllmProviderFactory } from './routing/provider-pool.js';
export type { LocalProviderFactory } from './routing/provider-pool.js';
export { createRoleReplicaResolver } from './routing/role-replicas.js';
export type { RoleReplica, RoleReplicaResolverOptions } from './routing/role-replicas.js';
export { createCloudProvider } from './routing/cloud-chain.js';
export type { CloudProviderFactory } from './routing/cloud-chain.js';
export {
  createCircuitFilter,
  createLoadGuard,
  fewestInFlightScorer,
  healthFilter,
  rankReplicas,
} from './routing/replica-selection.js';
export type {
  ReplicaFilter,
  ReplicaRanking,
  ReplicaScorer,
  ReplicaSkip,
  ReplicaView,
} from './routing/replica-selection.js';
export { AffinityStore } from './replica-choice/affinity-store.js';
export type { AffinityKey, AffinityStoreOptions } from './replica-choice/affinity-store.js';
export { createAffinityKey } from './replica-choice/affinity-key.js';
export { ReplicaLoadMonitor } from './replica-choice/replica-load-monitor.js';
export type { ReplicaLoadMonitorOptions, ReplicaLoadReading } from './replica-choice/replica-load-monitor.js';
export { parseVllmLoad } from './replica-choice/parse-vllm-load.js';
export type { VllmLoad } from './replica-choice/parse-vllm-load.js';
export type { ReplicaChoiceFacts } from './replica-choice/replica-choice-facts.js';
export { decideRoute } from './routing/decide-route.js';
export type { ComplexityStep, RouteDecision, RouteFacts } from './routing/decide-route.js';
export { assignVariant, hashToPercent } from './routing/assign-variant.js';
export type { VariantAssignment } from './routing/assign-variant.js';
export { planCascade } from './routing/cascade-plan.js';
export type { CascadeOperation, CascadeStep } from './routing/cascade-plan.js';
export type { RouteExplanation } from './routing/explain-route.js';
export type {
  EmbedRequest,
  EmbedResult,
  GenerateRequest,
  GenerateResult,
  RoutedStream,
  RouteReport,
} from './routing/request-types.js';
export { OpenAiCompatibleProvider } from './providers/openai-compatible-provider.js';
export type { OpenAiCompatibleProviderOptions } from './providers/openai-compatible-provider.js';
export { AnthropicProvider } from './providers/anthropic-provider.js';
export type { AnthropicProviderOptions } from './providers/anthropic-provider.js';
export type {
  CallLimits,
  CallOptions,
  ChatMessage,
  ChatProvider,
  ChatRequest,
  ChatResult,
  EmbeddingResult,
  ProviderStreamEvent,
} from './providers/provider.js';
export { CircuitBreaker } from './resilience/circuit-breaker.js';
export type { CircuitState } from './resilience/circuit-breaker.js';
export { computeRetryDelay, parseRetryAfter } from './resilience/retry.js';
export type { RetryDelayOptions } from './resilience/retry.js';
export { sleep, systemClock } from './time/clock.js';
export type { Clock } from './time/clock.js';
export { ServerSentEventParser, parseServerSentEvents } from './sse/sse-parser.js';
export type { ServerSentEvent } from './sse/sse-parser.js';
export { Cancellation } from './resilience/cancellation.js';
export type { CancelSignal } from './resilience/cancellation.js';
export { createPhiDetector } from './guards/detect-phi.js';
export type { PhiDetector, PhiDetectorOptions, PhiFindings } from './guards/detect-phi.js';
export { checkPhi } from './guards/phi-guard.js';
export type { PhiVerdict } from './guards/phi-guard.js';
export { assessBudget, describeSpend } from './guards/budget-guard.js';
export type { BudgetStatus } from './guards/budget-guard.js';
export type { GuardReport } from './guards/guard-route.js';
export { LLAMA_GUARD_CATEGORIES, formatLlamaGuardPrompt, parseLlamaGuardAnswer } from './guards/llama-guard-format.js';
export type { LlamaGuardVerdict } from './guards/llama-guard-format.js';
export type { SafetyReport } from './guards/safety-guard.js';
export { computeCost } from './cost/compute-cost.js';
export type { CostFigure, CostInput } from './cost/compute-cost.js';
export { priceFor } from './cost/price-for.js';
export { ComplexityScorer } from './complexity/complexity-scorer.js';
export type { ComplexityScore } from './complexity/complexity-scorer.js';
export {
  REFERENCE_QUANTILES,
  complexityWeightsSchema,
  createComplexityModel,
  quantileOfSorted,
  scoreOf,
  trainComplexityModel,
} from './complexity/complexity-model.js';
export type {
  ComplexityModel,
  ComplexityWeights,
  TrainingExample,
  TrainOptions,
} from './complexity/complexity-model.js';
export { FEATURE_NAMES, MAX_SCORED_CHARS, boundPrompt, extractFeatures } from './complexity/extract-features.js';
export type { FeatureName, Features } from './complexity/extract-features.js';
export { LEXICON_CATEGORIES, createLexicon, lexiconSchema } from './complexity/lexicon.js';
export type { Lexicon, LexiconCategory } from './complexity/lexicon.js';
export {
  defaultLexiconPath,
  defaultWeightsPath,
  loadComplexityScorer,
  loadComplexityWeights,
  loadLexicon,
} from './complexity/load-complexity-scorer.js';
export {
  createComplexityStep,
  createProfileComplexityStep,
  loadProfileComplexityScorer,
  resolveThreshold,
} from './complexity/create-complexity-step.js';
export { labelledPromptSchema, parseLabelledPrompts } from './complexity/labelled-prompts.js';
export { defaultSemanticBanksPath, loadSemanticBanks, semanticBanksSchema } from './complexity/semantic-banks.js';
export type { SemanticBanks } from './complexity/semantic-banks.js';
export { SemanticSignal } from './complexity/semantic-signal.js';
export type {
  SemanticReading,
  SemanticSignalOptions,
  SemanticUnavailableReason,
} from './complexity/semantic-signal.js';
export type { LocalEmbed, LocalEmbedding } from './complexity/local-embedder.js';
export type { LabelledPrompt } from './complexity/labelled-prompts.js';
export { computeRocAuc, evaluateThreshold, thresholdForRecall } from './complexity/evaluate-scores.js';
export type { ScoredLabel, ThresholdEvaluation } from './complexity/evaluate-scores.js';
export { calibrateThresholds } from './complexity/calibrate-thresholds.js';
export type { CalibrateThresholdsOptions, RecordedScore, TaskCalibration } from './complexity/calibrate-thresholds.js';
