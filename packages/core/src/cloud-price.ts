import { z } from 'zod';

const usdPerMillion = z
  .number({ error: 'must be a number of US dollars per million tokens' })
  .min(0, 'must not be negative')
  .max(10_000, 'is above $10,000 per million tokens; check the unit (US dollars per 1M tokens)');

/** What a cloud model charges, in US dollars per million tokens, and the date the figure was read. */
export const cloudPriceSchema = z.strictObject({
  /** Price of one million prompt (input) tokens. */
  input_usd_per_mtok: usdPerMillion,
  /** Price of one million completion (output) tokens. */
  output_usd_per_mtok: usdPerMillion,
  /** The day this price was read from the provider's price list (YYYY-MM-DD): prices change. */
  as_of: z.iso.date({ error: 'must be a date written YYYY-MM-DD' }),
});
export type CloudPrice = z.output<typeof cloudPriceSchema>;
