// undici's Pool and `request` behind the lean client's interface (`request(options)` resolving with an
// UpstreamResponse once the head is in), so the gateway benchmark can run `biopipe serve` on either
// transport in the same run.
import { readableResponse } from './readable-response.mjs';
import { closePools, joinHeaders, poolFor } from './undici-pools.mjs';

export class Http1Client {
  async request(options) {
    const answer = await poolFor(options).request({
      method: options.method,
      path: options.path,
      headers: options.headers,
      body: options.body,
      // A CancelSignal has the addEventListener/removeEventListener/aborted/reason undici reads.
      signal: options.signal,
    });
    return readableResponse({
      status: answer.statusCode,
      headers: joinHeaders(answer.headers),
      body: answer.body,
      isComplete: () => answer.body.readableEnded,
      abort: (error) => answer.body.destroy(error),
    });
  }

  close() {
    closePools();
  }
}
