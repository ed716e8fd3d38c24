#!/usr/bin/env bash
# The README's test command: sets up a fresh machine, starts what the tests need, runs lint,
# typecheck, build and every test suite, and ends with one plain line `N passed, N failed, N skipped`.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1

bash tools/scripts/setup.sh all || { echo "0 passed, 1 failed"; exit 1; }
bash infra/slurm/dev-cluster/start.sh || {
  echo "test-all: could not start the local Slurm cluster (infra/slurm/dev-cluster/start.sh); the Slurm tests need it" >&2
  echo "0 passed, 1 failed"
  exit 1
}

rm -rf reports/jest
# Static checks and builds in parallel; test suites one project at a time, because several start
# servers, Slurm jobs and load tests whose timing a 2-core machine cannot share.
npx nx run-many -t lint typecheck build --parallel=2 --outputStyle=static
checks_status=$?
npx nx run-many -t test --parallel=1 --outputStyle=static
tests_status=$?
# The real-vLLM suite once more, against the simulator's drop-in vllm (reports/jest/integration-sim.json).
npx nx run integration:test-sim --outputStyle=static
sim_status=$?
nx_status=$((checks_status || tests_status || sim_status))

reports=$(($(npx nx show projects --with-target test | wc -l) + 1))
node tools/scripts/summarize-tests.mjs "$reports"
summary_status=$?
if [ "$nx_status" -ne 0 ] || [ "$summary_status" -ne 0 ]; then exit 1; fi
