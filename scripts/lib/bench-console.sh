#!/usr/bin/env bash
# The web console: server time of each page (request in, HTML out) through the real history, lock
# store and stack overview on DynamoDB Local (embedded), with 1,000 stacks and 10,000 deployments.
# Prints a markdown section; called by ./scripts/bench. Usage: bench-console.sh [RUNS]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
fogbank_setup
runs="${1:-20}"
cd "$FOGBANK_ROOT"
# Compiles in the reactor (no install): functions' main and test classes and its test classpath.
mvn -B -q -pl functions -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt >"$FOGBANK_ROOT/.fogbank-bench-console.log" 2>&1 \
  || { echo "fogbank bench: build failed; see .fogbank-bench-console.log" >&2; exit 1; }
result=$(DDB_LOCAL_TELEMETRY=0 "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  -cp "functions/target/test-classes:functions/target/classes:$(cat functions/target/test-classpath.txt)" \
  dev.fogbank.functions.console.ConsoleBenchmark "$runs" 2>/dev/null | tail -1)
python3 - "$result" "$runs" <<'PY'
import json, sys
r = json.loads(sys.argv[1]); runs = sys.argv[2]
print("## Web console page render")
print()
print(f"{r['stack_count']} stacks, {r['deployments']} deployments (ten per stack, each with a reviewed"
      " change set; every tenth stack locked) in DynamoDB Local, embedded (loaded in"
      f" {r['load_s']} s). Server time: `Console.handle` from request to HTML bytes, reading the"
      f" real history, lock store and stack overview and checking the session and grants;"
      f" {runs} measured runs after 10 warm-up runs, in one JVM.")
print()
print("| page | p50 | p95 | HTML | target |")
print("|---|---|---|---|---|")
names = {
  "stacks": "stacks (first page: 100 of 1,000 rows, with drift and month-to-date cost)",
  "stacks_refresh": "stacks, the polled table fragment",
  "stacks_filtered": "stacks filtered (`app-05*`, SUCCEEDED)",
  "stack": "one stack (history page of 20, lock)",
  "deployment": "one deployment (review, findings, cost)",
  "deployment_live": "deployment, the polled live fragment",
}
for key, label in names.items():
    p = r[key]
    ok = "met" if p["p95"] <= 100 else "**missed**"
    print(f"| {label} | {p['p50']:.1f} ms | {p['p95']:.1f} ms | {p['bytes']/1024:.0f} KiB | <= 100 ms ({ok}) |")
print()
q = r["overview_query"]; rr = r["stacks_render"]
print(f"Split of the stacks page, each read alone and in sequence: the stack index (one Query of"
      f" {r['stack_count']} items on DynamoDB Local) {q['p50']:.1f} ms p50 / {q['p95']:.1f} ms p95;"
      f" the page's 100 locks (BatchGetItem) {r['lock_batch']['p50']:.1f} / {r['lock_batch']['p95']:.1f} ms;"
      f" the policy item (the caller's grants) {r['policy_read']['p50']:.1f} / {r['policy_read']['p95']:.1f} ms;"
      f" every stack's month to date (one Query) {r['month_to_date_query']['p50']:.1f} /"
      f" {r['month_to_date_query']['p95']:.1f} ms; the page's 100 newest drift records, one Query"
      f" each in sequence, {r['drift_100_sequential']['p50']:.1f} / {r['drift_100_sequential']['p95']:.1f} ms"
      f" (the page runs them at once); rendering 100 rows {rr['p50']:.1f} / {rr['p95']:.1f} ms.")
print()
print(f"Command: `scripts/lib/bench-console.sh {runs}` (run by `./scripts/bench`).")
PY
