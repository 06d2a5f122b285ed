#!/usr/bin/env bash
# Deployments through the local runtime against moto, beside the floor (the same CloudFormation
# calls made directly with the AWS SDK on the same emulator in the same run):
#   overhead RUNS                        a no-change and a one-resource-change deployment, one at a time
#   throughput WINDOWS STACKS CLIENTS S  no-change deployments per minute across many stacks
# Prints a markdown section; called by ./scripts/bench. Usage:
#   scripts/lib/bench-deploy.sh overhead [RUNS]
#   scripts/lib/bench-deploy.sh throughput [WINDOWS] [STACKS] [CLIENTS] [WINDOW_SECONDS]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
fogbank_setup
mode="${1:-overhead}"; shift || true
cd "$FOGBANK_ROOT"
if [ ! -f cli/target/bench-classpath.txt ] || [ -z "${FOGBANK_BENCH_NO_BUILD:-}" ]; then
  mvn -B -q -o -pl cli -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench-classpath.txt >"$FOGBANK_ROOT/.fogbank-bench-deploy.log" 2>&1 \
    || { echo "fogbank bench: build failed; see .fogbank-bench-deploy.log" >&2; exit 1; }
fi
cp_="cli/target/test-classes:cli/target/classes:$(cat cli/target/bench-classpath.txt)"
for m in shared functions statemachines infrastructure emulator; do cp_="$cp_:$m/target/classes"; done
case "$mode" in
  overhead) args=(overhead "${1:-20}") ;;
  throughput) args=(throughput "${1:-20}" "${2:-60}" "${3:-16}" "${4:-3}") ;;
  *) echo "usage: bench-deploy.sh overhead [RUNS] | throughput [WINDOWS] [STACKS] [CLIENTS] [SECONDS]" >&2; exit 2 ;;
esac
result=$(DDB_LOCAL_TELEMETRY=0 "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${FOGBANK_BENCH_JAVA_OPTS:-} \
  -cp "$cp_" dev.fogbank.cli.local.DeploymentBenchmark "${args[@]}" 2>"$FOGBANK_ROOT/.fogbank-bench-deploy.err" | tail -1) \
  || result=""
[ -n "$result" ] || { echo "fogbank bench: DeploymentBenchmark failed; see .fogbank-bench-deploy.err:" >&2; grep -m1 -E "Exception|Error" "$FOGBANK_ROOT/.fogbank-bench-deploy.err" >&2 || true; exit 1; }
# Kept for scripts/lib/bench-cost.sh, which prices the work this run counted.
printf '%s\n' "$result" >"cli/target/bench-deploy-$mode.json"
python3 "$FOGBANK_ROOT/scripts/lib/bench_deploy_report.py" "$mode" "$result" "scripts/lib/bench-deploy.sh ${args[*]}"
