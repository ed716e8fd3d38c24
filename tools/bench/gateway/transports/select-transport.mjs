// Loaded with `node --import` into a `biopipe serve` process: swaps the router's plain-http client for
// another transport of the same interface, named by BENCH_TRANSPORT (`undici`, `undici-dispatch`,
// `node-http`, or `module:PATH` for a built http1-client.js of another commit, a before/after check),
// so the benchmark compares transports in one run without a switch in the product.
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

const transport = process.env.BENCH_TRANSPORT;
const files = {
  undici: 'undici-client.mjs',
  'undici-dispatch': 'undici-dispatch-client.mjs',
  'node-http': 'node-http-client.mjs',
};
let replacement;
if (transport?.startsWith('module:')) replacement = pathToFileURL(transport.slice('module:'.length)).href;
else if (transport in files) replacement = new URL(files[transport], import.meta.url).href;
else
  throw new Error(`BENCH_TRANSPORT must be one of ${Object.keys(files).join(', ')} or module:PATH; got ${transport}`);
register('./resolve-transport.mjs', import.meta.url, { data: { replacement } });
