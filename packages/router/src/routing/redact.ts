const SECRET_PATTERNS: readonly RegExp[] = [
  /\b(bearer)\s+[^\s"',]+/gi,
  /\b(x-api-key|api[_-]?key|authorization)(["']?\s*[:=]\s*["']?)[^\s"',]+/gi,
  /\bsk-[A-Za-z0-9_-]{8,}/g,
];

/**
 * An error message fit for metrics and logs: known secret values, anything shaped like a key or an
 * auth header, and the prompt's texts are removed; at most 500 characters are kept.
 */
export function redactMessage(
  message: string,
  options: { secrets: readonly string[]; messages: readonly { content: string }[] },
): string {
  let redacted = message;
  for (const secret of options.secrets) if (secret.length >= 4) redacted = redacted.split(secret).join('[redacted]');
  for (const { content } of options.messages)
    if (content.length >= 8) redacted = redacted.split(content).join('[prompt]');
  redacted = redacted
    .replace(SECRET_PATTERNS[0] as RegExp, '$1 [redacted]')
    .replace(SECRET_PATTERNS[1] as RegExp, '$1$2[redacted]')
    .replace(SECRET_PATTERNS[2] as RegExp, '[redacted]');
  return redacted.length > 500 ? `${redacted.slice(0, 497)}...` : redacted;
}
