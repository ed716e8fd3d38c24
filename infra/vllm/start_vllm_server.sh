#!/usr/bin/env bash
# Starts one role's vLLM server with the command line built from the fleet manifest (config/fleet.yaml:
# model, port, served model name, T4 flags), then execs it, so the caller's pid is the server's pid.
#   usage: start_vllm_server.sh [--print] ROLE
#   --print        print the command instead of running it
#   VLLM_BIN       the vllm binary (default: vllm on PATH)
#   BIOPIPELINES_FLEET_FILE  another fleet manifest (default: config/fleet.yaml)
#   BIOPIPELINES_NODE   the node binary (default: node on PATH; Node 20 or newer)
# Exit codes: 2 for usage, an unknown role (the roles are listed) or an invalid manifest.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
home=${BIOPIPELINES_HOME:-${BIOPIPE_HOME:-$(cd "$here/../.." && pwd)}}
# shellcheck source=infra/env-aliases.sh
. "$home/infra/env-aliases.sh"
# The fleet tool: the installed package's bundle, else the repository's build.
tool="$home/dist/biopipe-fleet.js"
[ -f "$tool" ] || tool="$home/apps/health-monitor/dist/fleet-main.js"

usage() {
  echo "usage: $(basename "$0") [--print] ROLE" >&2
  exit 2
}

print=0
if [ "${1:-}" = --print ]; then
  print=1
  shift
fi
[ $# -eq 1 ] || usage
case $1 in -*) usage ;; esac
role=$1

if [ ! -f "$tool" ]; then
  echo "start_vllm_server.sh: $tool is missing; build it with: npx nx run health-monitor:build" >&2
  exit 2
fi

# The fleet tool prints each argument followed by a NUL byte, so no argument is ever split or globbed.
mapfile -d '' -t arguments < <("${BIOPIPELINES_NODE:-node}" "$tool" vllm-args "$role")
wait "$!" || exit $?

binary=${VLLM_BIN:-vllm}
if [ "$print" = 1 ]; then
  printf '%q' "$binary"
  printf ' %q' "${arguments[@]}"
  printf '\n'
  exit 0
fi
exec "$binary" "${arguments[@]}"
