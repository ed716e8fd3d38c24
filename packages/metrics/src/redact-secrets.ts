// A safety net, not the first line of defence: the router already writes redacted messages. These
// patterns catch what slips through — bearer tokens, provider keys and `key=value` credentials.
const PATTERNS: readonly RegExp[] = [
  /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi,
  /\b(?:sk|pk|rk)-[A-Za-z0-9_-]{8,}/g,
  /\b((?:api[_-]?key|x-api-key|authorization|token|secret|password)["']?\s*[:=]\s*["']?)[^\s"',;]+/gi,
];

/** Replaces anything that looks like a credential with `[redacted]`. */
export function redactSecrets(text: string): string {
  let result = text;
  for (const pattern of PATTERNS) {
    result = result.replace(pattern, (match, prefix: unknown) =>
      typeof prefix === 'string' ? `${prefix}[redacted]` : '[redacted]',
    );
  }
  return result;
}
