#!/usr/bin/env bash
#SBATCH --requeue
#SBATCH --open-mode=append
#SBATCH --signal=B:USR1@300
# One role of the vLLM fleet as a long-running SLURM job.
#
# Submit (partition, GPUs, time, CPUs, memory and job name come from the fleet manifest):
#   infra/slurm/slurm_vllm_job.sh [--print] ROLE [sbatch options...]
#   --print shows the sbatch command instead of running it; sbatch options given here win.
#   BIOPIPELINES_SLURM_GPUS=N overrides defaults.gpus (0 on a cluster without GPUs).
# Plain `sbatch [options] infra/slurm/slurm_vllm_job.sh ROLE` works too, but then only your options
# apply; the job renames itself to the fleet's job name so the health monitor finds it.
#
# Inside the allocation it starts infra/vllm/start_vllm_server.sh ROLE and:
#   - publishes ROLE.JOBID.json to the endpoint registry once /health answers and the port's listener
#     is its own server (not another job's server on the same port), refreshes it while healthy, and withdraws it when the server stops and on exit (atomic writes: temp file + mv);
#   - restarts the server when it exits, with a doubling delay, and gives up (exit 1) after
#     BIOPIPELINES_MAX_CRASHES exits within BIOPIPELINES_CRASH_WINDOW seconds, so a broken model doesn't spin;
#   - on USR1 (sent 300 s before the time limit) requeues itself, or submits a successor when it
#     cannot be requeued, so the role outlives the time limit.
# Settings (environment, seconds): BIOPIPELINES_MAX_CRASHES=5 BIOPIPELINES_CRASH_WINDOW=600
#   BIOPIPELINES_RESTART_DELAY=5 BIOPIPELINES_RESTART_DELAY_MAX=60 BIOPIPELINES_STARTUP_TIMEOUT=1800
#   BIOPIPELINES_REFRESH_INTERVAL=60 BIOPIPELINES_POLL_INTERVAL=2 BIOPIPELINES_PORT_WAIT=120 (for a busy port to be freed)
#   BIOPIPELINES_ENDPOINT_HOST (default: the node name)
set -uo pipefail

log() { printf '%s slurm_vllm_job[%s]: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "${role:-?}" "$*"; }
fail() {
  echo "slurm_vllm_job.sh: $*" >&2
  exit 2
}

# The repository: BIOPIPELINES_HOME, else (inside a job, where sbatch runs a copy of this script from
# slurmd's spool directory) the path the job was submitted with, else this script's location.
locate_home() {
  local command
  if [ -n "${BIOPIPELINES_HOME:-${BIOPIPE_HOME:-}}" ]; then
    printf '%s\n' "${BIOPIPELINES_HOME:-$BIOPIPE_HOME}"
    return
  fi
  if [ -n "${SLURM_JOB_ID:-}" ]; then
    command=$(scontrol show job "$SLURM_JOB_ID" 2>/dev/null | sed -n 's/^ *Command=\([^ ]*\).*/\1/p' | head -n 1)
    if [ -n "$command" ] && [ -f "$(dirname "$command")/../../config/fleet.yaml" ]; then
      (cd "$(dirname "$command")/../.." && pwd)
      return
    fi
  fi
  (cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
}

home=$(locate_home)
# shellcheck source=infra/env-aliases.sh
. "$home/infra/env-aliases.sh"
export BIOPIPELINES_HOME=$home
# The fleet tool: the installed package's bundle, else the repository's build.
tool="$home/dist/biopipe-fleet.js"
[ -f "$tool" ] || tool="$home/apps/health-monitor/dist/fleet-main.js"
[ -f "$tool" ] || fail "$tool is missing; build it with: npx nx run health-monitor:build"
node_binary=${BIOPIPELINES_NODE:-node}

# Submits this script for ROLE with the fleet's sbatch options, then the caller's.
submit() {
  local print=0 role options
  if [ "${1:-}" = --print ]; then
    print=1
    shift
  fi
  [ $# -ge 1 ] || fail "usage: $(basename "$0") [--print] ROLE [sbatch options...]"
  role=$1
  shift
  mapfile -d '' -t options < <("$node_binary" "$tool" sbatch-args "$role")
  wait "$!" || exit $?
  local command=(sbatch --parsable "${options[@]}" "$@" "$home/infra/slurm/slurm_vllm_job.sh" "$role")
  if [ "$print" = 1 ]; then
    printf '%q' "${command[0]}"
    printf ' %q' "${command[@]:1}"
    printf '\n'
    return 0
  fi
  mkdir -p "$("$node_binary" "$tool" job-settings "$role" | sed -n 's/^log_dir=//p')"
  "${command[@]}"
}

if [ -z "${SLURM_JOB_ID:-}" ] || [ "${1:-}" = --submit ]; then
  [ "${1:-}" = --submit ] && shift
  submit "$@"
  exit $?
fi

# ---- inside the allocation ----------------------------------------------------------------------
[ $# -eq 1 ] || fail "usage inside a job: slurm_vllm_job.sh ROLE (got: $*)"
role=$1
max_crashes=${BIOPIPELINES_MAX_CRASHES:-5}
crash_window=${BIOPIPELINES_CRASH_WINDOW:-600}
restart_delay=${BIOPIPELINES_RESTART_DELAY:-5}
restart_delay_max=${BIOPIPELINES_RESTART_DELAY_MAX:-60}
startup_timeout=${BIOPIPELINES_STARTUP_TIMEOUT:-1800}
refresh_interval=${BIOPIPELINES_REFRESH_INTERVAL:-60}
poll_interval=${BIOPIPELINES_POLL_INTERVAL:-2}
port_wait=${BIOPIPELINES_PORT_WAIT:-120}

settings=$("$node_binary" "$tool" job-settings "$role") || exit $?
while IFS='=' read -r key value; do
  case $key in
    port) port=$value ;;
    served_model_name_json) served_model_json=$value ;;
    job_name) job_name=$value ;;
    registry_dir) registry_dir=$value ;;
  esac
done <<<"$settings"

node_name=${SLURMD_NODENAME:-$(hostname -s)}
url="http://${BIOPIPELINES_ENDPOINT_HOST:-$node_name}:$port"
entry="$registry_dir/$role.$SLURM_JOB_ID.json"
mkdir -p "$registry_dir"

if [ "${SLURM_JOB_NAME:-}" != "$job_name" ]; then
  log "job name is '${SLURM_JOB_NAME:-}', not '$job_name'; renaming it so the health monitor finds it (submit with slurm_vllm_job.sh ROLE to get the fleet's partition, GPUs and time too)"
  scontrol update JobId="$SLURM_JOB_ID" JobName="$job_name" || log "could not rename the job"
fi

publish() {
  local temporary="$registry_dir/.$role.$SLURM_JOB_ID.json.$$.tmp"
  printf '{"schema_version":1,"role":"%s","url":"%s","job_id":"%s","node":"%s","served_model_name":%s,"updated_at":"%s"}\n' \
    "$role" "$url" "$SLURM_JOB_ID" "$node_name" "$served_model_json" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$temporary" &&
    mv -f "$temporary" "$entry"
}
withdraw() { rm -f "$entry"; }
healthy() { curl -fsS -o /dev/null --max-time 5 "$url/health" 2>/dev/null; }
# Something answers on the port (e.g. the previous job's server, still shutting down).
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

# The pid and every descendant of it.
process_tree() {
  local child
  echo "$1"
  for child in $(pgrep -P "$1" 2>/dev/null); do process_tree "$child"; done
}

# Whether the port's listening socket belongs to the server this job started. /health alone cannot
# tell: when our vLLM fails to bind (EADDRINUSE) while another job's server holds the port, that
# server answers, and publishing it under this job would hide that this job serves nothing.
# Linux: the socket's inode from /proc/net/tcp{,6} (state 0A = LISTEN), matched against our fds.
own_listener() {
  local inodes pid fd link inode
  [ -n "$server_pid" ] || return 1
  inodes=$(awk -v port="$(printf ':%04X' "$port")" \
    '$4 == "0A" && substr($2, length($2) - 4) == port { print $10 }' /proc/net/tcp /proc/net/tcp6 2>/dev/null)
  [ -n "$inodes" ] || return 1
  for pid in $(process_tree "$server_pid"); do
    for fd in /proc/"$pid"/fd/*; do
      link=$(readlink "$fd" 2>/dev/null) || continue
      for inode in $inodes; do
        [ "$link" = "socket:[$inode]" ] && return 0
      done
    done
  done
  return 1
}

server_pid=''
stop_server() {
  local i
  [ -n "$server_pid" ] || return 0
  kill -TERM "$server_pid" 2>/dev/null
  for ((i = 0; i < 100; i++)); do
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.2
  done
  kill -KILL "$server_pid" 2>/dev/null
  wait "$server_pid" 2>/dev/null
  server_pid=''
}

finished=0
finish() {
  [ "$finished" = 1 ] && return
  finished=1
  withdraw
  stop_server
}
on_terminate() {
  log "received SIGTERM; stopping the server and withdrawing $url"
  finish
  exit 143
}

time_limit_near=0
on_time_limit() {
  time_limit_near=1
}

# Near the time limit: requeue (same job id, starts again with a fresh time limit) or, when this job
# cannot be requeued, submit a successor and exit so it can take the port.
handle_time_limit() {
  time_limit_near=0
  log "time limit is near; requeueing job $SLURM_JOB_ID"
  if scontrol requeue "$SLURM_JOB_ID"; then
    # slurmctld now stops this job with SIGTERM (on_terminate) and queues it again.
    return
  fi
  log "requeue refused; submitting a successor job"
  if successor=$(submit "$role"); then
    log "submitted successor job $successor; exiting"
  else
    log "could not submit a successor; the health monitor will resubmit the role"
  fi
  finish
  exit 0
}

trap on_terminate TERM INT
trap on_time_limit USR1
trap finish EXIT

# Sleeps in the background and waits, so a trapped signal interrupts the wait at once.
pause() {
  sleep "$1" &
  wait "$!"
  kill "$!" 2>/dev/null
}

log "job $SLURM_JOB_ID on $node_name (restart ${SLURM_RESTART_COUNT:-0}); serving $role at $url"
crashes=()
while true; do
  # Up to BIOPIPELINES_PORT_WAIT s, e.g. while the previous job's server on this node shuts down.
  waited=0
  while port_busy && [ "$waited" -lt $((port_wait * 5)) ]; do
    [ "$waited" = 0 ] && log "port $port is in use; waiting for it to be free"
    pause 0.2
    waited=$((waited + 1))
  done
  port_busy && log "port $port is still in use after $port_wait s; starting vLLM anyway (it publishes nothing unless it holds the port)"

  "$home/infra/vllm/start_vllm_server.sh" "$role" &
  server_pid=$!
  started=$SECONDS
  log "started vLLM (pid $server_pid)"
  published=0
  foreign_logged=0
  last_refresh=0
  status=''
  while kill -0 "$server_pid" 2>/dev/null; do
    # Poll fast until the server first answers, so it is published as soon as it is up.
    if [ "$published" = 0 ]; then pause 0.5; else pause "$poll_interval"; fi
    [ "$time_limit_near" = 1 ] && handle_time_limit
    kill -0 "$server_pid" 2>/dev/null || break
    if [ "$published" = 0 ]; then
      if healthy && own_listener; then
        publish && published=1 && last_refresh=$SECONDS
        log "healthy after $((SECONDS - started)) s; published $url to $entry"
      elif healthy; then
        [ "$foreign_logged" = 1 ] || log "/health answers on port $port, but not from this job's server (another process holds the port); not publishing"
        foreign_logged=1
      elif [ $((SECONDS - started)) -ge "$startup_timeout" ]; then
        log "/health did not answer within $startup_timeout s; stopping the server"
        stop_server
        status=timeout
        break
      fi
    elif [ $((SECONDS - last_refresh)) -ge "$refresh_interval" ]; then
      if healthy && own_listener; then
        publish
        last_refresh=$SECONDS
      else
        log "/health failed; the registry entry is not refreshed"
      fi
    fi
  done
  if [ -n "$server_pid" ]; then
    wait "$server_pid"
    status=$?
  fi
  server_pid=''
  withdraw
  [ "$time_limit_near" = 1 ] && handle_time_limit

  now=$SECONDS
  recent=()
  for crash in "${crashes[@]}"; do
    [ $((now - crash)) -lt "$crash_window" ] && recent+=("$crash")
  done
  crashes=("${recent[@]}" "$now")
  count=${#crashes[@]}
  if [ "$count" -ge "$max_crashes" ]; then
    log "vLLM exited (status $status) $count times within $crash_window s; giving up"
    exit 1
  fi
  delay=$((restart_delay * (1 << (count - 1))))
  [ "$delay" -gt "$restart_delay_max" ] && delay=$restart_delay_max
  log "vLLM exited (status $status, $count within $crash_window s); restarting in $delay s"
  pause "$delay"
  [ "$time_limit_near" = 1 ] && handle_time_limit
done
