#!/usr/bin/env bash
# The README's main-job command: installs, builds, and runs `biopipe demo` — a simulated T4 fleet on
# this machine, real requests routed through it, and the metrics they produced.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash tools/scripts/setup.sh
npx nx run cli:build --outputStyle=static >/dev/null
node apps/cli/dist/main.js demo
