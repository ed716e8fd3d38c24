import { redactSecrets, type Environment, type StrategyConfig } from '@biopipe/core';

/** The values of a profile's cloud keys that are set: what recorded error messages are scrubbed of. */
export function cloudSecrets(config: StrategyConfig, env: Environment): string[] {
  return Object.values(config.cloudCatalogue)
    .map((model) => env[model.api_key_env])
    .filter((value): value is string => value !== undefined && value !== '');
}

/**
 * An error message fit for metrics and logs: known secret values and anything shaped like a
 * credential (core's one pattern set, URL userinfo included) are removed, and so are the prompt's
 * texts; at most 500 characters are kept.
 */
export function redactMessage(
  message: string,
  options: { secrets: readonly string[]; messages: readonly { content: string }[] },
): string {
  let redacted = message;
  for (const { content } of options.messages)
    if (content.length >= 8) redacted = redacted.split(content).join('[prompt]');
  redacted = redactSecrets(redacted, { secrets: options.secrets });
  return redacted.length > 500 ? `${redacted.slice(0, 497)}...` : redacted;
}
