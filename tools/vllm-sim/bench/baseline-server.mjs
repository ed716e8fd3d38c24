// Baseline for throughput.mjs: the cheapest node:http server that answers a canned chat completion
// of the simulator's size — what this machine and load generator allow at best.
import http from 'node:http';

const answer = JSON.stringify({
  id: 'chatcmpl-0123456789abcdef0123456789abcdef',
  object: 'chat.completion',
  created: 1700000000,
  model: 'bench',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content:
          'The sample reads were aligned to the assembly and variants called with quality filters after scaling.',
        tool_calls: [],
      },
      logprobs: null,
      finish_reason: 'length',
      stop_reason: null,
    },
  ],
  usage: { prompt_tokens: 30, total_tokens: 46, completion_tokens: 16, prompt_tokens_details: null },
});
const server = http.createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) });
    response.end(answer);
  });
});
server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
