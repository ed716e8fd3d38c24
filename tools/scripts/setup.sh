#!/usr/bin/env bash
# Installs what biopipe needs on a fresh Debian machine, and nothing twice.
#   setup.sh        Node packages (npm ci) and a build of the CLI
#   setup.sh packages  only the Node packages (the demo builds, and says so, itself)
#   setup.sh all    also the system packages the tests use: Slurm and munge, promtool, shellcheck,
#                   Chromium (HTML report test), tmux (terminal UI test)
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=${1:-node}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "setup: need root (or sudo) to run: $*" >&2
    exit 1
  fi
}

if [ "$mode" = all ]; then
  # command:package pairs; a package is installed only when its command is missing.
  missing=()
  for pair in sinfo:slurm-wlm slurmctld:slurm-wlm munged:munge promtool:prometheus shellcheck:shellcheck chromium:chromium tmux:tmux python3:python3 curl:curl; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || [ -x "/usr/sbin/${pair%%:*}" ] || missing+=("${pair#*:}")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
    echo "setup: installing ${missing[*]}" >&2
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

# npm ci only when node_modules is missing or older than the lock file.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing Node packages (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi

# The installable bundle, whose bin `npx biopipe` runs (apps/biopipe; cached after the first build).
[ "$mode" = packages ] && exit 0
npx nx run biopipe:build --outputStyle=static-failures-only >/dev/null
