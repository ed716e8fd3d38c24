import type { Http1RequestOptions } from './http1-client.js';

const RESERVED_HEADERS = new Set(['host', 'content-length', 'connection', 'transfer-encoding']);
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const NOT_PRINTABLE_ASCII = /[^\t\x20-\x7e]/;
const NOT_FIELD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
const NOT_PATH = /[^\x21-\x7e]/;

/** The request head and body as one string (one `write`), or one Buffer when a header value has latin1 bytes. */
export function buildHttp1Request(options: Http1RequestOptions): string | Buffer {
  const { host, port, path, body, headers } = options;
  if (path.charCodeAt(0) !== 0x2f || NOT_PATH.test(path)) {
    throw new Error(
      `invalid request path: it must start with "/" and contain only visible ASCII (percent-encode the rest)`,
    );
  }
  const hostHeader = host.includes(':') ? '[' + host + ']:' + port : host + ':' + port;
  let head = options.method + ' ' + path + ' HTTP/1.1\r\nhost: ' + hostHeader + '\r\n';
  let asciiHead = true;
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    if (!TOKEN.test(name))
      throw new Error(
        `invalid request header name ${JSON.stringify(name.slice(0, 40))}: use letters, digits and !#$%&'*+-.^_\`|~`,
      );
    if (RESERVED_HEADERS.has(name.toLowerCase()))
      throw new Error(`request header "${name}" is set by the HTTP client; remove it from the headers`);
    if (NOT_PRINTABLE_ASCII.test(value)) {
      if (NOT_FIELD_VALUE.test(value))
        throw new Error(
          `invalid value for request header "${name}": it contains a line break, a control character or a character beyond latin1`,
        );
      asciiHead = false;
    }
    head += name + ': ' + value + '\r\n';
  }
  if (body !== undefined) head += 'content-length: ' + Buffer.byteLength(body) + '\r\n';
  head += 'connection: keep-alive\r\n\r\n';
  if (asciiHead) return body === undefined ? head : head + body;
  const headBuffer = Buffer.from(head, 'latin1');
  return body === undefined ? headBuffer : Buffer.concat([headBuffer, Buffer.from(body, 'utf8')]);
}
