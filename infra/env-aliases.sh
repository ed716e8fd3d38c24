# shellcheck shell=bash
# Sourced by the fleet's scripts: a variable still set under its former BIOPIPE_ name is copied to
# its BIOPIPELINES_ name (which wins when both are set), with one warning line on stderr. The names
# are those of the environment table in packages/core/src/environment-variables.ts (a test checks).
biopipe_env_aliases=(HOME NODE FLEET_FILE SLURM_GPUS MAX_CRASHES CRASH_WINDOW RESTART_DELAY RESTART_DELAY_MAX
  STARTUP_TIMEOUT REFRESH_INTERVAL POLL_INTERVAL PORT_WAIT ENDPOINT_HOST DEV_CLUSTER_RUN_DIR DEV_CLUSTER_CONF)
for biopipe_env_name in "${biopipe_env_aliases[@]}"; do
  biopipe_env_former=BIOPIPE_$biopipe_env_name
  biopipe_env_new=BIOPIPELINES_$biopipe_env_name
  if [ -n "${!biopipe_env_former+set}" ]; then
    echo "warning: $biopipe_env_former is deprecated; set $biopipe_env_new instead." >&2
    [ -n "${!biopipe_env_new+set}" ] || export "$biopipe_env_new=${!biopipe_env_former}"
    # Programs this script starts see the new name only, so they do not warn again.
    unset "$biopipe_env_former"
  fi
done
unset biopipe_env_name biopipe_env_former biopipe_env_new
