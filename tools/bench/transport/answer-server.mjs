// A bare HTTP/1.1 server in its own process, so its CPU is not the client's: it answers every
// request with one fixed JSON body (the size of a short vLLM chat completion) on a keep-alive
// connection. Prints its URL on stdout; runs until SIGTERM.
import net from 'node:net';
import { readRawRequests } from '@biopipe/vllm-sim';

const body = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  model: 'qwen2.5-7b-instruct',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'A variant caller finds where reads differ from the reference.' },
      finish_reason: 'stop',
    },
  ],
  usage: { prompt_tokens: 21, completion_tokens: 12, total_tokens: 33 },
});
const answer = Buffer.from(
  `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
);

const server = net.createServer({ noDelay: true }, (socket) => {
  socket.on('error', () => undefined);
  readRawRequests(socket, () => {
    socket.write(answer);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${server.address().port}\n`));
process.once('SIGTERM', () => process.exit(0));
