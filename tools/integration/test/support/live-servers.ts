import { execFileSync } from 'node:child_process';

/** The key a live vLLM server wants, when it was started with --api-key. */
const VLLM_API_KEY = process.env['VLLM_API_KEY'] ?? '';

function headers(): Record<string, string> {
  return {
    'content-type': 'application/json',
    ...(VLLM_API_KEY === '' ? {} : { authorization: `Bearer ${VLLM_API_KEY}` }),
  };
}

/** The model a vLLM server serves (its first `/v1/models` card), failing with what to check. */
export async function fetchServedModel(role: string, url: string): Promise<string> {
  let body: { data?: { id?: unknown }[] };
  try {
    const response = await fetch(`${url}/v1/models`, { headers: headers(), signal: AbortSignal.timeout(30_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    body = (await response.json()) as typeof body;
  } catch (error) {
    throw new Error(
      `${role} at ${url} did not answer GET /v1/models (${(error as Error).message}); is the server up, and is BIOPIPELINES_VLLM_URL right?`,
      { cause: error },
    );
  }
  const id = body.data?.[0]?.id;
  if (typeof id !== 'string') throw new Error(`${role} at ${url}: /v1/models lists no model`);
  return id;
}

/** A JSON POST straight to a live server; resolves with the status and the parsed body. */
export async function postToServer(
  url: string,
  body: object,
): Promise<{ status: number; json: unknown; text: string }> {
  const response = await fetch(url, { method: 'POST', headers: headers(), body: JSON.stringify(body) });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

/** The `data:` payloads of a server-sent event stream, `[DONE]` included. */
export function dataLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).trim());
}

/**
 * Stops one live server with the command in BIOPIPELINES_VLLM_STOP, run by `sh -c` with VLLM_URL and
 * VLLM_ROLE set, then waits until the server no longer answers /health.
 */
export async function stopServer(command: string, role: string, url: string): Promise<void> {
  execFileSync('sh', ['-c', command], { env: { ...process.env, VLLM_URL: url, VLLM_ROLE: role }, stdio: 'inherit' });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const healthy = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) })
      .then((response) => response.ok)
      .catch(() => false);
    if (!healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${role} at ${url} still answers /health 60 s after BIOPIPELINES_VLLM_STOP ran`);
}
