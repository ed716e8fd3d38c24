// The module resolve hook behind select-transport.mjs: the router's `./http1-client.js`, imported by
// its HTTP transport, resolves to the replacement client instead.
let replacement;

export function initialize(data) {
  replacement = data.replacement;
}

export async function resolve(specifier, context, nextResolve) {
  if (specifier === './http1-client.js' && context.parentURL?.endsWith('/providers/http-transport.js'))
    return { url: replacement, shortCircuit: true };
  return nextResolve(specifier, context);
}
