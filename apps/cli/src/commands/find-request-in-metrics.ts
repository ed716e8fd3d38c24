import { open } from 'node:fs/promises';
import type { MetricsFile } from '@biopipe/metrics';

/** How much of a metrics series `biopipe feedback` reads to look for a request id. @default 256 MiB */
export const REQUEST_SEARCH_MAX_BYTES = 256 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;

/** What a search of a metrics series found, and what it read to find it. */
export interface RequestSearch {
  found: boolean;
  /** Files read, whole or in part. */
  filesSearched: number;
  bytesSearched: number;
  /** Bytes of the series left unread because of the bound. */
  bytesSkipped: number;
}

/**
 * Whether `"request_id":"ID"` occurs in a chunk-wise read of one file, from its end back (a request
 * just answered is near the end of the live file). Each chunk overlaps the next by the needle's length
 * less one byte, so a match split across two reads is still found. Bytes, not JSON: a metrics line is
 * written by JSON.stringify, and request ids are plain ASCII, so the text is exactly this.
 */
async function searchFile(
  file: string,
  needle: Buffer,
  budget: number,
): Promise<{ found: boolean; bytes: number } | undefined> {
  const handle = await open(file, 'r').catch(() => undefined); // rotated away since it was listed
  if (handle === undefined) return undefined;
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES + needle.length - 1);
    let end = size;
    let bytes = 0;
    while (end > 0 && bytes < budget) {
      const start = Math.max(0, end - Math.min(CHUNK_BYTES, budget - bytes));
      const length = Math.min(size, end + needle.length - 1) - start;
      const { bytesRead } = await handle.read(buffer, 0, length, start);
      if (buffer.subarray(0, bytesRead).indexOf(needle) !== -1) return { found: true, bytes: bytes + end - start };
      bytes += end - start;
      end = start;
    }
    return { found: false, bytes };
  } finally {
    await handle.close();
  }
}

/** Looks for a request id in the files of a metrics series, newest first, reading at most `maxBytes`. */
export async function findRequestInMetrics(
  requestId: string,
  files: readonly MetricsFile[],
  maxBytes: number = REQUEST_SEARCH_MAX_BYTES,
): Promise<RequestSearch> {
  const needle = Buffer.from(`"request_id":${JSON.stringify(requestId)}`);
  const search: RequestSearch = { found: false, filesSearched: 0, bytesSearched: 0, bytesSkipped: 0 };
  for (const file of [...files].sort((left, right) => left.generation - right.generation)) {
    const budget = maxBytes - search.bytesSearched;
    const result = budget > 0 ? await searchFile(file.path, needle, budget) : undefined;
    if (result === undefined) {
      if (budget <= 0) search.bytesSkipped += file.size;
      continue;
    }
    search.filesSearched += 1;
    search.bytesSearched += result.bytes;
    if (result.found) return { ...search, found: true };
    search.bytesSkipped += Math.max(0, file.size - result.bytes);
  }
  return search;
}
