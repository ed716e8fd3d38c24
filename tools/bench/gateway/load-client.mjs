// A lean HTTP/1.1 keep-alive client over raw sockets, used alike for the simulator and the gateway so
// the client's own cost is small and identical on both paths. It sends one prebuilt request at a time
// per connection and parses just enough of the answer: status, Content-Length or chunked framing
// (with trailers), and the moment the first streamed token (`"content":"<non-empty>`) arrives.
import net from 'node:net';

const FIRST_TOKEN = /"content":"[^"]/;

/** Builds the bytes of one POST with a JSON body. */
export function buildRequest({ host, port, path, body, headers = {} }) {
  const payload = Buffer.from(JSON.stringify(body));
  const lines = [
    `POST ${path} HTTP/1.1`,
    `host: ${host}:${port}`,
    'content-type: application/json',
    `content-length: ${payload.length}`,
  ];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), payload]);
}

/** Parses one response out of `text` (latin1); returns undefined until it is complete. */
function parseComplete(text) {
  const headerEnd = text.indexOf('\r\n\r\n');
  if (headerEnd === -1) return undefined;
  const head = text.slice(0, headerEnd).toLowerCase();
  const status = Number(text.slice(9, 12));
  const bodyStart = headerEnd + 4;
  const length = /\r\ncontent-length: *(\d+)/.exec(head);
  if (length !== null) {
    const end = bodyStart + Number(length[1]);
    return text.length >= end ? { status, end, body: text.slice(bodyStart, end) } : undefined;
  }
  if (!head.includes('transfer-encoding: chunked')) throw new Error(`unframed response: ${head}`);
  let position = bodyStart;
  let body = '';
  for (;;) {
    const lineEnd = text.indexOf('\r\n', position);
    if (lineEnd === -1) return undefined;
    const size = parseInt(text.slice(position, lineEnd), 16);
    if (size === 0) {
      const trailerEnd = text.indexOf('\r\n\r\n', lineEnd);
      return trailerEnd === -1 ? undefined : { status, end: trailerEnd + 4, body };
    }
    const dataEnd = lineEnd + 2 + size;
    if (text.length < dataEnd + 2) return undefined;
    body += text.slice(lineEnd + 2, dataEnd);
    position = dataEnd + 2;
  }
}

/**
 * One keep-alive connection. `send(bytes)` resolves with { status, firstTokenMs, totalMs, body }, and
 * rejects when the connection closes or no whole answer came within `timeoutMs`.
 */
export function openConnection({ host, port, timeoutMs = 30_000 }) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, noDelay: true });
    let pending;
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk) => {
      if (pending === undefined) return;
      text += chunk;
      if (pending.firstToken === undefined && FIRST_TOKEN.test(chunk)) pending.firstToken = performance.now();
      let parsed;
      try {
        parsed = parseComplete(text);
      } catch (error) {
        pending.reject(error);
        return;
      }
      if (parsed === undefined) return;
      const done = pending;
      pending = undefined;
      clearTimeout(done.timer);
      text = text.slice(parsed.end);
      const now = performance.now();
      done.resolve({
        status: parsed.status,
        body: parsed.body,
        totalMs: now - done.started,
        firstTokenMs: done.firstToken === undefined ? undefined : done.firstToken - done.started,
      });
    });
    let closed = false;
    const fail = (error) => {
      const failed = pending;
      pending = undefined;
      if (failed === undefined) return;
      clearTimeout(failed.timer);
      failed.reject(error);
    };
    socket.on('error', fail);
    socket.on('close', () => {
      closed = true;
      fail(new Error(`${host}:${port} closed the connection mid-response`));
    });
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve({
        send(bytes, started = performance.now()) {
          return new Promise((resolveSend, rejectSend) => {
            if (closed) {
              rejectSend(new Error(`${host}:${port} had closed the connection`));
              return;
            }
            text = '';
            const timer = setTimeout(
              () =>
                fail(
                  new Error(
                    `no whole answer from ${host}:${port} within ${timeoutMs} ms; got ${JSON.stringify(text.slice(0, 300))}`,
                  ),
                ),
              timeoutMs,
            );
            pending = { resolve: resolveSend, reject: rejectSend, started, firstToken: undefined, timer };
            socket.write(bytes);
          });
        },
        get closed() {
          return closed;
        },
        close: () => socket.destroy(),
      });
    });
    socket.once('error', reject);
  });
}
