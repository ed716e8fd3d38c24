// One redaction for the whole product lives in core; this name stays for the router's callers.
export { redactUrl } from '@biopipe/core';
