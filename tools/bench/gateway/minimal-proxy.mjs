// The floor of any node:http gateway: a pass-through that forwards each request to the simulator over
// a keep-alive agent and relays the answer chunk by chunk, doing nothing else. Prints its URL on
// stdout. Usage: node minimal-proxy.mjs UPSTREAM_URL
import http from 'node:http';

const upstream = new URL(process.argv[2]);
const agent = new http.Agent({ keepAlive: true });
const server = http.createServer({ noDelay: true }, (request, response) => {
  const forward = http.request(
    {
      host: upstream.hostname,
      port: upstream.port,
      path: request.url,
      method: request.method,
      agent,
      headers: { 'content-type': 'application/json', 'content-length': request.headers['content-length'] },
    },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, {
        'content-type': answer.headers['content-type'] ?? 'application/json',
        ...(answer.headers['content-length'] === undefined
          ? {}
          : { 'content-length': answer.headers['content-length'] }),
      });
      answer.on('data', (chunk) => response.write(chunk));
      answer.on('end', () => response.end());
    },
  );
  forward.on('error', () => response.destroy());
  request.on('data', (chunk) => forward.write(chunk));
  request.on('end', () => forward.end());
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${server.address().port}\n`));
process.once('SIGTERM', () => process.exit(0));
