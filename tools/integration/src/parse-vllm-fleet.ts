import { existsSync, readFileSync } from 'node:fs';
import { UsageError } from '@biopipe/core';
import { parse as parseYaml } from 'yaml';

/** The environment variable naming the vLLM servers the integration suite runs against. */
export const VLLM_URL_VARIABLE = 'BIOPIPELINES_VLLM_URL';

/** Live vLLM servers by role, in the order given (a role may have several replicas). */
export type VllmFleet = ReadonlyMap<string, readonly string[]>;

const ROLE = /^[a-z][a-z0-9_-]*$/;
const FORMS = `${VLLM_URL_VARIABLE} is either role=url pairs separated by commas (generalist=http://gpu-01:8001,embeddings=http://gpu-01:8004; repeat a role for replicas) or the path of a YAML fleet file mapping each role to a URL or a list of URLs (at the top level or under vllm_endpoints, so a strategy profile works too).`;

function checkedUrl(role: string, text: string, where: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${where}: "${text}" for role ${role} is not a URL.`, FORMS);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`${where}: "${text}" for role ${role} is not an http(s) URL.`, FORMS);
  if (url.username !== '' || url.password !== '')
    throw new UsageError(`${where}: the URL for role ${role} carries credentials; pass the API key apart.`, FORMS);
  return text.replace(/\/+$/, '');
}

function addRole(fleet: Map<string, string[]>, role: string, urls: readonly string[], where: string): void {
  if (!ROLE.test(role)) throw new UsageError(`${where}: "${role}" is not a role name (e.g. generalist, coder).`, FORMS);
  fleet.set(role, [...(fleet.get(role) ?? []), ...urls.map((url) => checkedUrl(role, url, where))]);
}

function readPairs(value: string): VllmFleet {
  const fleet = new Map<string, string[]>();
  for (const pair of value.split(',').map((part) => part.trim())) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    if (equals <= 0) throw new UsageError(`${VLLM_URL_VARIABLE}: "${pair}" is not role=url.`, FORMS);
    addRole(fleet, pair.slice(0, equals).trim(), [pair.slice(equals + 1).trim()], VLLM_URL_VARIABLE);
  }
  return fleet;
}

function urlsOf(entry: unknown): string[] | undefined {
  if (typeof entry === 'string') return [entry];
  if (Array.isArray(entry) && entry.every((url) => typeof url === 'string')) return entry as string[];
  const urls = (entry as { urls?: unknown } | null)?.urls;
  return Array.isArray(urls) && urls.every((url) => typeof url === 'string') ? (urls as string[]) : undefined;
}

function readFleetFile(file: string): VllmFleet {
  let document: unknown;
  try {
    document = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(
      `${VLLM_URL_VARIABLE}: cannot read the fleet file ${file}: ${(error as Error).message}`,
      FORMS,
    );
  }
  const root = (document as { vllm_endpoints?: unknown } | null)?.vllm_endpoints ?? document;
  if (root === null || typeof root !== 'object' || Array.isArray(root))
    throw new UsageError(`${file}: expected a mapping of role to URL.`, FORMS);
  const fleet = new Map<string, string[]>();
  for (const [role, entry] of Object.entries(root)) {
    const urls = urlsOf(entry);
    if (urls === undefined || urls.length === 0)
      throw new UsageError(`${file}: role ${role} needs a URL, a list of URLs or { urls: [...] }.`, FORMS);
    addRole(fleet, role, urls, file);
  }
  return fleet;
}

/**
 * Reads `BIOPIPELINES_VLLM_URL`: a fleet file when a file of that name exists, else `role=url,...`
 * pairs when it holds an `=`, else a fleet file that could not be read (an error naming the path).
 * @throws UsageError saying which entry is wrong and what the two accepted forms are
 */
export function parseVllmFleet(value: string): VllmFleet {
  const text = value.trim();
  const fleet = !existsSync(text) && text.includes('=') ? readPairs(text) : readFleetFile(text);
  if (fleet.size === 0) throw new UsageError(`${VLLM_URL_VARIABLE} names no server.`, FORMS);
  return fleet;
}
