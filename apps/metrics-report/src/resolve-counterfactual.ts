import type { CounterfactualPrice } from '@biopipe/metrics/read';

/**
 * The counterfactual's price: the named strategy's first cloud model (`fallback[0]`) at its price
 * (the profile's `cloud_prices`, else the catalogue's). Undefined when no strategy is named or it
 * has no cloud chain. Loaded only when named, so the report's start stays fast.
 */
export async function resolveCounterfactual(
  strategy: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<CounterfactualPrice | undefined> {
  const { ProfileRegistry, readUserSettings } = await import('@biopipe/core');
  const fromEnv = env['BIOPIPELINES_STRATEGY'];
  const name = strategy ?? (fromEnv !== undefined && fromEnv !== '' ? fromEnv : readUserSettings(env).default_strategy);
  if (name === undefined) return undefined;
  const config = new ProfileRegistry({ env }).load(name);
  const model = config.fallbackChain[0];
  if (model === undefined) return undefined;
  const { priceFor } = await import('@biopipe/router');
  const price = priceFor(config, model);
  return price === undefined
    ? undefined
    : { model, input_usd_per_mtok: price.input_usd_per_mtok, output_usd_per_mtok: price.output_usd_per_mtok };
}
