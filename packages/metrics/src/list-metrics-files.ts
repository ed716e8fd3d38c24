import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** One file of a metrics series: the live file or a rotated one. */
export interface MetricsFile {
  path: string;
  size: number;
  /** 0 for the live file, N for `<file>.N` (higher is older). */
  generation: number;
}

/**
 * The files of a metrics series, oldest first: `<file>.N` … `<file>.1`, then `<file>` itself. Missing
 * files are left out, so an empty list means nothing was ever written there. Errors other than a
 * missing file or directory (e.g. permission denied) are thrown.
 */
export async function listMetricsFiles(file: string): Promise<MetricsFile[]> {
  const directory = path.dirname(file);
  const base = path.basename(file);
  let names: string[];
  try {
    names = await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR')
      return [];
    throw error;
  }
  const generations: number[] = [];
  for (const name of names) {
    if (name === base) generations.push(0);
    else if (name.startsWith(`${base}.`) && /^[1-9]\d*$/.test(name.slice(base.length + 1)))
      generations.push(Number(name.slice(base.length + 1)));
  }
  generations.sort((left, right) => right - left);
  const files: MetricsFile[] = [];
  for (const generation of generations) {
    const filePath = generation === 0 ? file : `${file}.${generation}`;
    const info = await stat(filePath).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined; // rotated away while listing
      throw error;
    });
    if (info?.isFile() === true) files.push({ path: filePath, size: info.size, generation });
  }
  return files;
}
