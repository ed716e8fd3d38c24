import path from 'node:path';
import type { StrategyConfig } from '@biopipe/core';
import type { ReplicaRanker } from '../routing/replica-ranker.js';
import { createLocalEmbedder } from './local-embedder.js';
import { loadSemanticBanks, type SemanticBanks } from './semantic-banks.js';
import { SemanticSignal } from './semantic-signal.js';

let builtinBanks: SemanticBanks | undefined;

/**
 * The semantic signal a profile's `complexity_routing.semantic` asks for, embedding on its local
 * role through `local`; undefined when it is off. The banks file is read now, so a bad one fails
 * the strategy load (exit 2, with its line) rather than a request.
 * @throws ConfigFileUnreadableError, ConfigValidationError for a bad banks file
 */
export function createProfileSemanticSignal(config: StrategyConfig, local: ReplicaRanker): SemanticSignal | undefined {
  const routing = config.profile.complexity_routing;
  const settings = routing?.semantic;
  if (routing === undefined || settings === undefined || Object.keys(routing.tasks).length === 0) return undefined;
  const banks =
    settings.banks === undefined
      ? (builtinBanks ??= loadSemanticBanks())
      : loadSemanticBanks(path.resolve(path.dirname(config.source), settings.banks));
  return new SemanticSignal({
    settings,
    banks,
    embed: createLocalEmbedder(local, settings.role),
    banksTimeoutMs: config.profile.timeouts.total_ms,
  });
}
