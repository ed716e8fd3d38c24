#!/usr/bin/env bash
# Starts a real single-node Slurm cluster on this machine for development and CI: munge, slurmctld
# and slurmd, without systemd. Idempotent: whatever already runs is left alone, and only what this
# script starts is recorded (pid files under $BIOPIPELINES_DEV_CLUSTER_RUN_DIR) for stop.sh.
#   Partitions: t4flex (default) and debug. No GPUs: submit fleet jobs with BIOPIPELINES_SLURM_GPUS=0.
set -euo pipefail
# shellcheck source=infra/env-aliases.sh
. "$(dirname "${BASH_SOURCE[0]}")/../../env-aliases.sh"

run_dir=${BIOPIPELINES_DEV_CLUSTER_RUN_DIR:-/run/biopipe-dev-cluster}
conf=${BIOPIPELINES_DEV_CLUSTER_CONF:-/etc/slurm/slurm.conf}
marker='# Written by biopipe infra/slurm/dev-cluster/start.sh'
node=$(hostname -s)

fail() {
  echo "dev-cluster: $*" >&2
  exit 1
}

[ "$(id -u)" = 0 ] || fail "must run as root (it starts munged, slurmctld and slurmd); try: sudo bash $0"
for binary in /usr/sbin/munged /usr/sbin/slurmctld /usr/sbin/slurmd; do
  [ -x "$binary" ] || fail "$binary is missing; install Slurm and munge with: bash tools/scripts/setup.sh all"
done
mkdir -p "$run_dir"

# Whether PID is alive and runs the program NAME (guards against a reused pid).
is_running() {
  local pid=$1 name=$2
  [ -n "$pid" ] && [ -r "/proc/$pid/comm" ] && [ "$(cat "/proc/$pid/comm")" = "$name" ]
}

# Waits up to $2 tenths of a second for the command "$3..." to succeed.
wait_for() {
  local what=$1 tenths=$2
  shift 2
  local i
  for ((i = 0; i < tenths; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  fail "timed out waiting for $what"
}

munge_works() { munge -n 2>/dev/null | unmunge >/dev/null 2>&1; }

start_munge() {
  if munge_works; then return 0; fi
  [ -s /etc/munge/munge.key ] || fail "/etc/munge/munge.key is missing; create it with: mungekey --create (as user munge)"
  install -d -o munge -g munge -m 0700 /etc/munge /var/log/munge
  install -d -o munge -g munge -m 0711 /var/lib/munge
  install -d -o munge -g munge -m 0755 /run/munge
  chown munge:munge /etc/munge/munge.key
  chmod 0400 /etc/munge/munge.key
  runuser -u munge -- /usr/sbin/munged
  wait_for "munged" 50 munge_works
  cat /run/munge/munged.pid >"$run_dir/munged.pid"
  echo "dev-cluster: started munged (pid $(cat "$run_dir/munged.pid"))"
}

write_config() {
  local cpus memory
  # config_overrides lets CPUs exceed the real core count, so several one-CPU test jobs run at once.
  cpus=$(($(nproc) < 8 ? 8 : $(nproc)))
  memory=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)
  cat <<CONF
$marker; edits are overwritten.
ClusterName=biopipe-dev
SlurmctldHost=$node(127.0.0.1)
SlurmUser=slurm
AuthType=auth/munge
AuthInfo=cred_expire=10
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=/var/log/slurm/jobcomp.log
SchedulerType=sched/backfill
SchedulerParameters=bf_interval=1,sched_interval=2
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmdParameters=config_overrides
ReturnToService=2
MinJobAge=600
KillWait=5
MailProg=/bin/true
StateSaveLocation=/var/lib/slurm/slurmctld
SlurmdSpoolDir=/var/lib/slurm/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=t4flex Nodes=$node Default=YES MaxTime=INFINITE State=UP
PartitionName=debug Nodes=$node MaxTime=INFINITE State=UP
CONF
}

# Writes slurm.conf; prints "changed" when an existing file of ours was rewritten.
install_config() {
  local wanted
  wanted=$(write_config)
  if [ -e "$conf" ] && ! grep -qF "$marker" "$conf"; then
    fail "$conf exists and was not written by this script; refusing to overwrite a real cluster's configuration"
  fi
  if [ -e "$conf" ] && [ "$(cat "$conf")" = "$wanted" ]; then return 0; fi
  mkdir -p "$(dirname "$conf")"
  [ -e "$conf" ] && echo changed
  printf '%s\n' "$wanted" >"$conf.tmp"
  mv -f "$conf.tmp" "$conf"
}

controller_up() { scontrol ping 2>/dev/null | grep -q 'is UP'; }
slurmd_pid() { cat /run/slurmd.pid 2>/dev/null || true; }
slurmd_up() { is_running "$(slurmd_pid)" slurmd; }

# Stops a daemon this script started (slurm.conf changed: scontrol reconfigure refuses node changes).
restart_ours() {
  local name=$1 pid
  pid=$(cat "$run_dir/$name.pid" 2>/dev/null || true)
  if ! is_running "$pid" "$name"; then
    fail "slurm.conf changed but $name was not started by this script; restart it yourself"
  fi
  kill "$pid"
  wait_for "$name to exit" 100 test ! -e "/proc/$pid"
  rm -f "$run_dir/$name.pid"
}

start_munge
install -d -o slurm -g slurm -m 0755 /var/lib/slurm/slurmctld /var/lib/slurm/slurmd /var/log/slurm
config_status=$(install_config)
if [ "$config_status" = changed ]; then
  echo "dev-cluster: slurm.conf changed; restarting the daemons"
  if slurmd_up; then restart_ours slurmd; fi
  if controller_up; then restart_ours slurmctld; fi
fi

if ! controller_up; then
  /usr/sbin/slurmctld
  wait_for "slurmctld (scontrol ping)" 150 controller_up
  cat /run/slurmctld.pid >"$run_dir/slurmctld.pid"
  echo "dev-cluster: started slurmctld (pid $(cat "$run_dir/slurmctld.pid"))"
fi

if ! slurmd_up; then
  /usr/sbin/slurmd
  wait_for "slurmd" 100 slurmd_up
  slurmd_pid >"$run_dir/slurmd.pid"
  echo "dev-cluster: started slurmd (pid $(cat "$run_dir/slurmd.pid"))"
fi

node_state() { sinfo -h -n "$node" -o %t | head -n 1; }
node_ready() {
  local state
  state=$(node_state)
  case $state in
    idle | mix | alloc | comp) return 0 ;;
    down* | drain* | drng* | fail*) scontrol update NodeName="$node" State=RESUME >/dev/null 2>&1 || true ;;
  esac
  return 1
}
wait_for "node $node to become idle (see: sinfo -n $node)" 300 node_ready
echo "dev-cluster: up (node $node, partitions t4flex and debug)"
