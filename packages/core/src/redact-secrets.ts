/**
 * The one set of credential patterns, used wherever text may reach a log, an error, a metric or the
 * screen. Each captures what stays (a name, a scheme) in group 1.
 */
const SECRET_PATTERNS: readonly { pattern: RegExp; keep: string }[] = [
  // `scheme://user:password@host`: the userinfo goes entirely, so a URL still reads as a URL.
  { pattern: /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]*@/gi, keep: '$1' },
  // `Authorization: Basic …` / `Bearer …`: scheme and credentials (the key=value rule would keep the token).
  { pattern: /\b(authorization["']?\s*[:=]\s*["']?)[A-Za-z]+\s+[^\s"',;]+/gi, keep: '$1[redacted]' },
  // A bare `Bearer <token>`: a token is 8+ characters with a digit, so prose ("bearer key required") stays.
  { pattern: /\b(bearer)\s+(?=[A-Za-z._~+/=-]*\d)[A-Za-z0-9._~+/=-]{8,}/gi, keep: '$1 [redacted]' },
  // Provider keys by shape: OpenAI/DeepSeek `sk-…`, Anthropic `sk-ant-…`, publishable and restricted keys.
  { pattern: /\b(?:sk|pk|rk)-[A-Za-z0-9_-]{8,}/g, keep: '[redacted]' },
  // `api_key=…`, `"x-api-key": "…"`, `access_token=…`, `password: …` in headers, JSON, query strings.
  {
    pattern:
      /\b((?:[a-z0-9]+[_-])*(?:x-api-key|api[_-]?key|authorization|token|secret|password|passwd)["']?\s*[:=]\s*["']?)(?!\[redacted\])[^\s"',;&]+/gi,
    keep: '$1[redacted]',
  },
];

/**
 * Replaces anything shaped like a credential with `[redacted]`: URL userinfo (`user:password@`),
 * bearer and basic tokens, provider keys, `key=value` credentials, and every known secret value
 * given (a cloud key read from the environment), wherever it appears.
 */
export function redactSecrets(text: string, options: { secrets?: readonly string[] } = {}): string {
  let result = text;
  // Values shorter than 4 characters would blank ordinary words; no real key is that short.
  for (const secret of options.secrets ?? []) if (secret.length >= 4) result = result.split(secret).join('[redacted]');
  for (const { pattern, keep } of SECRET_PATTERNS) result = result.replace(pattern, keep);
  return result;
}

/**
 * A URL as it may be shown or recorded: no userinfo, query or fragment, no trailing slash. A value
 * that does not parse is shown as `<invalid URL>` (it may be a credential pasted in the wrong place).
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`.replace(/\/+$/, '');
  } catch {
    return '<invalid URL>';
  }
}
