import { redactSecrets } from '@biopipe/core';

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
