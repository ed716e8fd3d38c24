import { headerValue, type Exchange } from './exchange.js';

/** Longest path shown: a hostile client's 8 KB URL must not flood the log. */
const MAX_PATH = 200;

/**
 * One access-log line: `POST /v1/chat/completions 200 task=code_generation target=coder 412.3 ms`.
 * Never the prompt, a header or the query string (where a client may put a key); `aborted` when the
 * client left before the whole response went out.
 */
export function formatAccessLogLine(exchange: Exchange, now: number): string {
  const { request, response } = exchange;
  const url = request.url ?? '/';
  const query = url.indexOf('?');
  const path = headerValue(query < 0 ? url : url.slice(0, query));
  const shown = path.length > MAX_PATH ? `${path.slice(0, MAX_PATH)}…` : path;
  const status = response.writableFinished ? String(response.statusCode) : `${response.statusCode} aborted`;
  const error = exchange.lateError === undefined ? '' : ` error=${exchange.lateError.code}`;
  return `${request.method ?? '?'} ${shown} ${status} task=${exchange.task} target=${exchange.target}${error} ${(now - exchange.started).toFixed(1)} ms`;
}
