/** A URL as it may appear in errors, logs and metrics: no user, password, query or trailing slash. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`.replace(/\/+$/, '');
  } catch {
    return '<invalid URL>';
  }
}
