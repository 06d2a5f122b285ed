#!/usr/bin/env bash
# Cost per deployment on AWS, from work counted in local runs: the deploy state machine's
# transitions and Lambda invocations for a stack that takes 10 minutes (WaitDesignBenchmark, on
# simulated time, for the task-token wait and for 2 s and 30 s polling designs), and each step's
# handler time and control-table requests from a real one-change deployment on the local runtime
# (scripts/lib/bench-deploy.sh overhead, run first if its figures are missing), priced at AWS's
# public prices (scripts/lib/bench_cost_report.py states them and their date).
# Usage: scripts/lib/bench-cost.sh [RUNS]   (the overhead run's RUNS when it must run; default 20)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
fogbank_setup
runs="${1:-20}"
cd "$FOGBANK_ROOT"
if [ ! -f cli/target/bench-deploy-overhead.json ]; then
  bash scripts/lib/bench-deploy.sh overhead "$runs" >/dev/null
fi
cp_="statemachines/target/test-classes:statemachines/target/classes:shared/target/test-classes:shared/target/classes:$(cat cli/target/bench-classpath.txt)"
designs=$("$JAVA_HOME/bin/java" -cp "$cp_" dev.fogbank.statemachines.bench.WaitDesignBenchmark)
python3 scripts/lib/bench_cost_report.py "$designs" cli/target/bench-deploy-overhead.json \
  infrastructure/src/main/java/dev/fogbank/infrastructure/controlplane/ControlPlaneFunction.java \
  "scripts/lib/bench-cost.sh $runs"
