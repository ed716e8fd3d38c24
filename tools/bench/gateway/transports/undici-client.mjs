// undici's Pool and `request` behind the lean client's interface (`request(options)` resolving with an
// UpstreamResponse once the head is in), so the gateway benchmark can run `biopipe serve` on either
// transport in the same run.
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
    const body = answer.body;
    let complete = false;
    return {
      status: answer.statusCode,
      headers: joinHeaders(answer.headers),
      read(consumer) {
        let ended = false;
        const end = (error) => {
          if (ended) return;
          ended = true;
          consumer.end(error);
        };
        body.on('data', (chunk) => consumer.data(chunk));
        body.once('end', () => {
          complete = true;
          end(undefined);
        });
        body.once('error', (error) => end(error));
        body.once('close', () =>
          end(complete ? undefined : new Error('the connection closed before the body was complete')),
        );
      },
      pause: () => body.pause(),
      resume: () => body.resume(),
      destroy(error) {
        if (!complete) body.destroy(error);
      },
    };
  }

  close() {
    closePools();
  }
}
