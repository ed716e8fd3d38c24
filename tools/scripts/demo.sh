#!/usr/bin/env bash
# The README's main-job command: installs, builds, and runs `biopipe demo` — a simulated T4 fleet on
# this machine, real requests routed through it, and the metrics they produced. Each step says what it
# is doing on stderr: a first run spends a couple of minutes installing and compiling.
set -euo pipefail
cd "$(dirname "$0")/../.."
step() { printf 'demo: %s\n' "$*" >&2; }

step "1/3 checking the Node packages (a first run installs them, about a minute)"
bash tools/scripts/setup.sh packages
step "2/3 building the CLI and its bundle (a first run compiles each package, about a minute; later runs reuse the cache)"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# One line per package as Nx starts it; the full log only when the build fails.
if ! npx nx run-many -t build -p cli biopipe --outputStyle=static 2>&1 | tee "$log" |
  sed -un 's/^> nx run \([^ :]*\):build.*/demo:     \1/p' >&2; then
  cat "$log" >&2
  exit 1
fi
step "3/3 running biopipe demo"
node apps/cli/dist/main.js demo
