#!/usr/bin/env bash
# The README's main-job command: installs, builds the CLI and shows how biopipe routes.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash tools/scripts/setup.sh
npx nx run cli:build --outputStyle=static >/dev/null
biopipe() { node apps/cli/dist/main.js "$@"; }
echo "$ biopipe strategy list"
biopipe strategy list
for task in code_generation math_statistics orchestration; do
  echo
  echo "$ biopipe --strategy t4_hybrid route --task $task 'Write a Snakemake rule for FastQC'"
  biopipe --strategy t4_hybrid route --task "$task" 'Write a Snakemake rule for FastQC'
done
echo
echo "$ biopipe --strategy t4_local_only route --task orchestration 'Plan an RNA-seq workflow'"
biopipe --strategy t4_local_only route --task orchestration 'Plan an RNA-seq workflow'
