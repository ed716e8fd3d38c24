// undici's lowest-level API, Pool#dispatch with a handler (no Readable per response), behind the
// lean client's interface: undici at its cheapest, beside the Pool/request adapter.
import { closePools, joinHeaders, poolFor } from './undici-pools.mjs';

export class Http1Client {
  request(options) {
    const { signal } = options;
    return new Promise((resolve, reject) => {
      let controller;
      let consumer;
      let pending = [];
      let finished = false;
      let ended;
      let headDone = false;
      const reason = () => (signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      const onAbort = () => controller?.abort(reason());
      const end = (error) => {
        if (finished) return;
        finished = true;
        signal.removeEventListener('abort', onAbort);
        if (consumer === undefined) ended = { error };
        else consumer.end(error);
      };
      const response = {
        status: 0,
        headers: {},
        read(reader) {
          consumer = reader;
          const chunks = pending;
          pending = undefined;
          for (const chunk of chunks) reader.data(chunk);
          if (ended !== undefined) reader.end(ended.error);
        },
        pause: () => controller?.pause(),
        resume: () => controller?.resume(),
        destroy(error) {
          if (!finished) controller?.abort(error ?? new Error('response destroyed'));
        },
      };
      signal.addEventListener('abort', onAbort, { once: true });
      poolFor(options).dispatch(
        { method: options.method, path: options.path, headers: options.headers, body: options.body },
        {
          onRequestStart(requestController) {
            controller = requestController;
            if (signal.aborted) requestController.abort(reason());
          },
          onResponseStart(_controller, status, headers) {
            if (status < 200) return;
            response.status = status;
            response.headers = joinHeaders(headers);
            headDone = true;
            resolve(response);
          },
          onResponseData(_controller, chunk) {
            if (consumer === undefined) pending.push(chunk);
            else consumer.data(chunk);
          },
          onResponseEnd() {
            end(undefined);
          },
          onResponseError(_controller, error) {
            if (headDone) end(error);
            else {
              finished = true;
              signal.removeEventListener('abort', onAbort);
              reject(error);
            }
          },
        },
      );
    });
  }

  close() {
    closePools();
  }
}
