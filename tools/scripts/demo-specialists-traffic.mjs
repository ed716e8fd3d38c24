// The A/B half of `npm run demo:specialists`: biomedical sessions through `biopipe serve` on the
// profile `--apply` wrote, each answer graded against the suite (as `biopipe eval run` grades it) and
// rated by request id, the way a user's verdict would arrive.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';

/**
 * Starts `biopipe serve --port 0` and resolves with its URL once it listens (read from its stderr
 * line `biopipe serve: listening on URL …`); rejects with what it printed when it exits before.
 */
export async function startGateway({ cli, args, env, cwd }) {
  const child = spawn(process.execPath, [cli, ...args, 'serve', '--port', '0', '--access-log', 'off'], {
    cwd,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const url = await new Promise((resolve, reject) => {
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`biopipe serve exited with ${code} before listening:\n${stderr}`)));
  });
  return {
    url,
    /** SIGINT, as an operator would: the gateway finishes, flushes the routing metrics and exits 0. */
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill('SIGINT');
      const [code] = await exited;
      return code;
    },
  };
}

async function postJson(url, body, headers = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${new URL(url).pathname} answered ${response.status}: ${text.slice(0, 300)}`);
  return { response, json: JSON.parse(text) };
}

/**
 * Sends each session's questions in turn (sessions run a few at a time) with `x-biopipe-task:
 * biomedical` and `x-biopipe-session`, and grades each answer. Session `k` asks `perSession`
 * consecutive items from `k * perSession` on, wrapping, so the sessions cover the suite evenly.
 * @returns one entry per answer: session, request id, arm (the route target) and whether it was right
 */
export async function runSessions({ url, items, sessions, perSession, gradeAnswer, renderEvalMessages }) {
  const answers = [];
  const runOne = async (index) => {
    const session = `lab-${String(index + 1).padStart(2, '0')}`;
    for (let offset = 0; offset < perSession; offset += 1) {
      const item = items[(index * perSession + offset) % items.length];
      const { response, json } = await postJson(
        `${url}/v1/chat/completions`,
        { model: 'biopipe', messages: renderEvalMessages(item), max_tokens: 64 },
        { 'x-biopipe-task': 'biomedical', 'x-biopipe-session': session },
      );
      const answer = json.choices?.[0]?.message?.content ?? '';
      answers.push({
        session,
        requestId: response.headers.get('x-request-id'),
        arm: response.headers.get('x-biopipe-route-target'),
        right: gradeAnswer(item, answer).correct,
      });
    }
  };
  const queue = Array.from({ length: sessions }, (_, index) => index);
  const workers = Array.from({ length: 4 }, async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) await runOne(next);
  });
  await Promise.all(workers);
  return answers;
}

/** Rates answers through the gateway's `POST /v1/feedback`: good when the graded answer is right. */
export async function postFeedback(url, answers) {
  for (const answer of answers)
    await postJson(`${url}/v1/feedback`, { request_id: answer.requestId, rating: answer.right ? 'good' : 'bad' });
}

/** Per session: its arm and how many answers were right, e.g. `lab-03 → biomed  8/8 right`. */
export function describeSessions(answers) {
  const bySession = new Map();
  for (const answer of answers) {
    const entry = bySession.get(answer.session) ?? { arms: new Set(), right: 0, total: 0 };
    entry.arms.add(answer.arm);
    entry.right += answer.right ? 1 : 0;
    entry.total += 1;
    bySession.set(answer.session, entry);
  }
  return [...bySession.entries()]
    .sort(([left], [right]) => (left < right ? -1 : 1))
    .map(
      ([session, entry]) => `${session} → ${[...entry.arms].join('+').padEnd(10)} ${entry.right}/${entry.total} right`,
    );
}

export const metricsFileIn = (home) => path.join(home, 'state', 'routing_metrics.jsonl');
