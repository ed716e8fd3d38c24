import type { Logger, MetricsSink, SpendLedger, StrategyConfig } from '@biopipe/core';
import type { Clock } from '../time/clock.js';
import type { TemplateLookup } from './apply-context-template.js';
import type { CandidateSources } from './cascade-candidates.js';
import type { ComplexityStep } from './decide-route.js';

/** One strategy's pieces, fixed for its router's life: what every request of it is prepared with. */
export interface RouterParts extends CandidateSources {
  config: StrategyConfig;
  complexityStep: ComplexityStep | undefined;
  templates: TemplateLookup | undefined;
  spendLedger: SpendLedger | undefined;
  clock: Clock;
  logger: Logger;
  metricsSink: MetricsSink | undefined;
  /** The cloud keys' values, scrubbed from recorded error messages. */
  secrets: readonly string[];
}
