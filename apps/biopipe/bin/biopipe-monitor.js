#!/usr/bin/env node
// Committed, so npm links it as a bin even before the bundle is built; the bundle does the work.
import('../dist/biopipe-monitor.js').catch((error) => {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('biopipe-monitor.js')) throw error;
  process.stderr.write('biopipe-monitor: the bundle is not built; run: npx nx run biopipe:build\n');
  process.exit(2);
});
