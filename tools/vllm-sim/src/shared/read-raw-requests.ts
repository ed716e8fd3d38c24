import type { Socket } from 'node:net';

/**
 * Reads the HTTP/1.1 requests a client pipelines on one raw socket (a head, then `content-length`
 * bytes of body) and hands each body to `onRequest`, in order, once it is whole. For servers that
 * must control the wire byte by byte (reset mid-exchange, answer with no framework in the way);
 * `onRequest` returns false to stop reading the socket.
 */
export function readRawRequests(socket: Socket, onRequest: (body: string) => boolean | void): void {
  let buffered = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    for (;;) {
      const headEnd = buffered.indexOf('\r\n\r\n');
      if (headEnd === -1) return;
      const length = Number(/content-length: *(\d+)/i.exec(buffered.slice(0, headEnd))?.[1] ?? 0);
      if (buffered.length < headEnd + 4 + length) return;
      const body = buffered.slice(headEnd + 4, headEnd + 4 + length);
      buffered = buffered.slice(headEnd + 4 + length);
      if (onRequest(body) === false) return;
    }
  });
}
