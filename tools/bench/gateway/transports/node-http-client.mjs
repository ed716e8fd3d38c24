// node's http.request with a keep-alive Agent behind the lean client's interface, the baseline the
// lean client's "about half the CPU" claim is measured against.
import http from 'node:http';
// The router's own IncomingMessage adapter (its https path uses it): this baseline differs from the
// lean client in the client alone.
import { wrapIncomingMessage } from '../../../../packages/router/dist/providers/upstream-response.js';

const agent = new http.Agent({ keepAlive: true, scheduling: 'lifo', keepAliveMsecs: 4000 });

export class Http1Client {
  request(options) {
    return new Promise((resolve, reject) => {
      const request = http.request({
        host: options.host,
        port: options.port,
        path: options.path,
        method: options.method,
        agent,
        headers:
          options.body === undefined
            ? options.headers
            : { ...options.headers, 'content-length': Buffer.byteLength(options.body) },
      });
      const onAbort = () =>
        request.destroy(options.signal.reason instanceof Error ? options.signal.reason : new Error('aborted'));
      options.signal.addEventListener('abort', onAbort, { once: true });
      request.once('close', () => options.signal.removeEventListener('abort', onAbort));
      request.once('error', reject);
      request.once('response', (response) => {
        resolve(wrapIncomingMessage(request, response));
      });
      request.end(options.body);
    });
  }

  close() {
    agent.destroy();
  }
}
