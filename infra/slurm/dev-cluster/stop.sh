#!/usr/bin/env bash
# Stops what start.sh started, and only that (by the pid files it wrote): first cancels every job in
# the development cluster (job processes outlive the daemons), then slurmd, slurmctld and munged.
set -euo pipefail
# shellcheck source=infra/env-aliases.sh
. "$(dirname "${BASH_SOURCE[0]}")/../../env-aliases.sh"

run_dir=${BIOPIPELINES_DEV_CLUSTER_RUN_DIR:-/run/biopipe-dev-cluster}

is_running() {
  local pid=$1 name=$2
  [ -n "$pid" ] && [ -r "/proc/$pid/comm" ] && [ "$(cat "/proc/$pid/comm")" = "$name" ]
}

# Sends SIGTERM to the daemon NAME if start.sh started it, and waits up to 15 s for it to exit.
stop_ours() {
  local name=$1 pidfile=$2 pid i
  pid=$(cat "$run_dir/$name.pid" 2>/dev/null || true)
  if ! is_running "$pid" "$name"; then
    rm -f "$run_dir/$name.pid"
    return 0
  fi
  kill "$pid"
  for ((i = 0; i < 150; i++)); do
    [ -e "/proc/$pid" ] || break
    sleep 0.1
  done
  if [ -e "/proc/$pid" ]; then
    echo "dev-cluster: $name (pid $pid) did not exit within 15 s; sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  # slurmctld runs as user slurm and cannot remove its root-owned pid file; a stale one breaks package removal.
  if [ -n "$pidfile" ] && [ "$(cat "$pidfile" 2>/dev/null || true)" = "$pid" ]; then rm -f "$pidfile"; fi
  rm -f "$run_dir/$name.pid"
  echo "dev-cluster: stopped $name (pid $pid)"
}

if [ ! -d "$run_dir" ] || [ -z "$(ls -A "$run_dir" 2>/dev/null)" ]; then
  echo "dev-cluster: nothing to stop (start.sh started nothing that still runs)"
  exit 0
fi

slurmd_pid=$(cat "$run_dir/slurmd.pid" 2>/dev/null || true)
if is_running "$slurmd_pid" slurmd && scontrol ping >/dev/null 2>&1; then
  mapfile -t jobs < <(squeue -h -t PENDING,RUNNING,SUSPENDED,COMPLETING,CONFIGURING,REQUEUED -o %i 2>/dev/null || true)
  if [ "${#jobs[@]}" -gt 0 ]; then
    echo "dev-cluster: cancelling ${#jobs[@]} job(s): ${jobs[*]}"
    scancel "${jobs[@]}" || true
    for ((i = 0; i < 200; i++)); do
      [ -z "$(squeue -h -t RUNNING,COMPLETING,CONFIGURING -o %i 2>/dev/null)" ] && break
      sleep 0.1
    done
  fi
fi

stop_ours slurmd /run/slurmd.pid
stop_ours slurmctld /run/slurmctld.pid
stop_ours munged /run/munge/munged.pid
rmdir "$run_dir" 2>/dev/null || true
