import { request as httpRequest } from 'node:http';

/** A streaming response being read: the text so far, and how it ended. */
export interface OpenStream {
  status: number;
  /** Everything received so far. */
  text(): string;
  /** Resolves when the response ends or breaks: `end`, or the error code/message. */
  ended: Promise<string>;
  /** Hangs up. */
  close(): void;
}

/** POSTs a JSON body and hands back the response while it streams. */
export function openStream(url: string, body: unknown): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json' }, agent: false },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        const ended = new Promise<string>((settle) => {
          response.on('end', () => settle('end'));
          response.on('aborted', () => settle('aborted'));
          response.on('error', (error: NodeJS.ErrnoException) => settle(error.code ?? error.message));
        });
        resolve({ status: response.statusCode ?? 0, text: () => text, ended, close: () => request.destroy() });
      },
    );
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}
