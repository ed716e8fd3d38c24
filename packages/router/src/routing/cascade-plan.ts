import { BiopipeError, type RouteTarget, type StrategyConfig } from '@biopipe/core';

/** One step of the cascade: a local role, or one cloud model of the chain. */
export interface CascadeStep {
  kind: 'local' | 'cloud';
  /** Role name or cloud model name. */
  target: string;
}

/** What the cascade is for: chat models and embedding models have separate cloud chains. */
export type CascadeOperation = 'chat' | 'embeddings';

/**
 * The ordered steps for a route target. A role comes first; then, only when the profile allows the
 * cloud, the chain (`fallback` for chat, `embeddings_fallback` for embeddings: vectors of another
 * model only by explicit opt-in). Target `cloud` is the chain alone.
 * @throws BiopipeError when the target is `cloud` and the profile has no chain for the operation
 */
export function planCascade(config: StrategyConfig, target: RouteTarget, operation: CascadeOperation): CascadeStep[] {
  const chain = !config.allowCloud
    ? []
    : operation === 'chat'
      ? config.fallbackChain
      : config.profile.embeddings_fallback;
  const cloudSteps = chain.map((name): CascadeStep => ({ kind: 'cloud', target: name }));
  if (target.kind === 'role') return [{ kind: 'local', target: target.role }, ...cloudSteps];
  if (cloudSteps.length === 0) {
    const key = operation === 'chat' ? 'fallback' : 'embeddings_fallback';
    throw new BiopipeError(
      'no_backend_available',
      `Strategy "${config.name}" routes this request to the cloud but lists no ${operation} model under ${key}.`,
      {
        hint:
          operation === 'embeddings'
            ? 'Route embeddings to a local role, or opt in to cloud vectors with embeddings_fallback: [openai-embeddings].'
            : `Add a cloud model to ${key} in ${config.source}.`,
      },
    );
  }
  return cloudSteps;
}
