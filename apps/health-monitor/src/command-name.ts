import path from 'node:path';

/**
 * The name the user typed to start this command, for its usage line: the basename of the script
 * (`process.argv[1]`) without its extension. An npm bin is a link named after the bin
 * (`biopipe-monitor` from the bundled package), so that is what the user sees. The development entry
 * file is `main.js`, which names nothing a user would type: `fallback` then.
 */
export function commandName(scriptPath: string | undefined, fallback: string): string {
  if (scriptPath === undefined || scriptPath === '') return fallback;
  const name = path.basename(scriptPath).replace(/\.(?:[cm]?js|ts)$/, '');
  return name === '' || name === 'main' ? fallback : name;
}
