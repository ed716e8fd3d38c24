import { DEFAULT_CLOUD_MODELS, type CloudPrice, type StrategyConfig } from '@biopipe/core';

/**
 * A cloud model's price: the profile's `cloud_prices` entry, else its catalogue entry's, else the
 * built-in entry's of the same name (a profile that only renames DeepSeek's model id keeps the
 * price); undefined when unpriced.
 */
export function priceFor(config: StrategyConfig, modelName: string): CloudPrice | undefined {
  return (
    config.profile.cloud_prices[modelName] ??
    config.cloudCatalogue[modelName]?.price ??
    DEFAULT_CLOUD_MODELS[modelName]?.price
  );
}
