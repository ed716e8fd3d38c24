// The lean client's UpstreamResponse over a node Readable body, shared by the benchmark's alternative
// transports so that they differ only in how they send the request.

/**
 * `isComplete()` says whether the whole body arrived (a close before that is an error for the
 * consumer); `abort(error)` tears down an unfinished exchange.
 */
export function readableResponse({ status, headers, body, isComplete, abort }) {
  return {
    status,
    headers,
    read(consumer) {
      let ended = false;
      const end = (error) => {
        if (ended) return;
        ended = true;
        consumer.end(error);
      };
      body.on('data', (chunk) => consumer.data(chunk));
      body.once('end', () => end(undefined));
      body.once('error', (error) => end(error));
      body.once('close', () =>
        end(isComplete() ? undefined : new Error('the connection closed before the body was complete')),
      );
    },
    pause: () => body.pause(),
    resume: () => body.resume(),
    destroy(error) {
      if (!isComplete()) abort(error);
    },
  };
}
