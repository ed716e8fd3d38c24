export { ModelOrchestrator } from './model-orchestrator.js';
export { ReplicaRanker } from './routing/replica-ranker.js';
export { ReplicaStateStore } from './routing/replica-state.js';
export { ProviderPool } from './routing/provider-pool.js';
export { createAffinityKey } from './replica-choice/affinity-key.js';
export { ReplicaLoadMonitor } from './replica-choice/replica-load-monitor.js';
export { decideRoute } from './routing/decide-route.js';
export type { GenerateRequest, RoutedStream, RouteReport } from './routing/request-types.js';
export { OpenAiCompatibleProvider } from './providers/openai-compatible-provider.js';
export type { ChatMessage, ChatProvider } from './providers/provider.js';
export { Cancellation } from './resilience/cancellation.js';
export type { CancelSignal } from './resilience/cancellation.js';
export { createPhiDetector } from './guards/detect-phi.js';
export { describeSpend, readBudget } from './guards/budget-guard.js';
export type { BudgetStatus } from './guards/budget-guard.js';
export { priceFor } from './cost/price-for.js';
export { createComplexityModel, scoreOf, trainComplexityModel } from './complexity/complexity-model.js';
export { extractFeatures } from './complexity/extract-features.js';
export { defaultWeightsPath, loadComplexityScorer, loadLexicon } from './complexity/load-complexity-scorer.js';
export {
  createProfileComplexityStep,
  loadProfileComplexityScorer,
  resolveThreshold,
} from './complexity/create-complexity-step.js';
export { parseLabelledPrompts } from './complexity/labelled-prompts.js';
export { defaultSemanticBanksPath } from './complexity/semantic-banks.js';
export { computeRocAuc, evaluateThreshold, thresholdForRecall } from './complexity/evaluate-scores.js';
export { calibrateThresholds } from './complexity/calibrate-thresholds.js';
