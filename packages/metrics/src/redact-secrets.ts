// A safety net, not the first line of defence: the router already writes redacted messages. The
// patterns are core's one set (URL userinfo, bearer tokens, provider keys, `key=value` credentials).
export { redactSecrets } from '@biopipe/core';
