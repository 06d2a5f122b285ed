#!/usr/bin/env bash
# The web console: server time of each page (request in, HTML out) through the real history, lock
# store and stack overview on DynamoDB Local (embedded), with 200 stacks and 2,000 deployments (or
# STACKS), beside two floors measured in the same run.
# Prints a markdown section; called by ./scripts/bench. Usage: bench-console.sh [RUNS] [STACKS]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
fogbank_setup
runs="${1:-20}"
stacks="${2:-200}"
cd "$FOGBANK_ROOT"
# Compiles in the reactor (no install): functions' main and test classes and its test classpath.
mvn -B -q -pl functions -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt >"$FOGBANK_ROOT/.fogbank-bench-console.log" 2>&1 \
  || { echo "fogbank bench: build failed; see .fogbank-bench-console.log" >&2; exit 1; }
result=$(DDB_LOCAL_TELEMETRY=0 "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  -cp "functions/target/test-classes:functions/target/classes:$(cat functions/target/test-classpath.txt)" \
  dev.fogbank.functions.console.ConsoleBenchmark "$runs" "$stacks" 2>/dev/null | tail -1)
python3 - "$result" "$runs" "$stacks" "$(cut -d' ' -f1 /proc/loadavg)" <<'PY'
import json, sys
r = json.loads(sys.argv[1]); runs = sys.argv[2]; stacks = sys.argv[3]; load = sys.argv[4]
print("## Web console page render")
print()
print(f"{r['stack_count']} stacks, {r['deployments']} deployments (ten per stack, each with a reviewed"
      " change set and its own 60-resource template, two resources changed each time; every tenth"
      " stack locked; every stack with a drift record and a month-to-date cost) in DynamoDB Local,"
      " embedded (loaded in"
      f" {r['load_s']} s). Server time: `Console.handle` from request to HTML bytes, reading the"
      f" real history, lock store and stack overview and checking the session and grants;"
      f" {runs} measured runs after 10 warm-up runs, in one JVM; load average {load} at the end.")
print()
print("| page | p50 | p95 | p50 / floor | p95 / floor | HTML | target (p95) |")
print("|---|---|---|---|---|---|---|")
names = {
  "floor_login": "floor: the login page (no reads, one template rendered)",
  "floor_one_read": "floor: an unknown deployment's 404 (session, one GetItem)",
  "stacks": f"stacks (first page: 100 of {r['stack_count']} rows, with drift and month-to-date cost)",
  "stacks_refresh": "stacks, the polled table fragment",
  "stacks_next": "stacks, the next page (rows 101-200, from the first page's link)",
  "stacks_filtered": "stacks filtered (`app-01*`, SUCCEEDED)",
  "stacks_filtered_sparse": "stacks filtered by a substring few names hold (`99`: 1 in 50; every name and status read)",
  "stack": "one stack (history page of 20, lock, drift, 30 days of cost)",
  "deployment": "one deployment (review, findings, cost, template diff of two 60-resource templates)",
  "deployment_live": "deployment, the polled live fragment",
}
# Ratios to the one-read floor measured in the same run: how much the machine's load, not the page,
# may account for (the floor is a session check and one GetItem).
floor = r["floor_one_read"]
def ratio(a, b):
    return f"{a / b:.1f}x" if b > 0 else "-"
for key, label in names.items():
    p = r[key]
    if key.startswith("floor"):
        target = ""
        ratios = "| | |"
    else:
        target = "<= 100 ms (" + ("met" if p["p95"] <= 100 else "**missed**") + ")"
        ratios = f"| {ratio(p['p50'], floor['p50'])} | {ratio(p['p95'], floor['p95'])} |"
    print(f"| {label} | {p['p50']:.1f} ms | {p['p95']:.1f} ms {ratios} {p['bytes']/1024:.0f} KiB | {target} |")
print()
q = r["index_page"]; rr = r["stacks_render"]; c = r["index_count"]; w = r["index_all"]
print(f"Split of the stacks page, each read alone and in sequence: one page of the stack index (a"
      f" Query of 101 items) {q['p50']:.1f} ms p50 / {q['p95']:.1f} ms p95; its count (one GetItem)"
      f" {c['p50']:.1f} / {c['p95']:.1f} ms; the filtered page's read (`app-01*`, SUCCEEDED: the"
      f" prefix's key ranges from the first match until 101 match)"
      f" {r['filtered_window']['p50']:.1f} / {r['filtered_window']['p95']:.1f} ms;"
      f" the whole index, items whole (one Query of {r['stack_count']} items; a filter with no"
      f" literal start that matches few stacks reads their names and statuses only, then its rows)"
      f" {w['p50']:.1f} / {w['p95']:.1f} ms;"
      f" the page's 100 locks (BatchGetItem) {r['lock_batch']['p50']:.1f} / {r['lock_batch']['p95']:.1f} ms;"
      f" the policy item (the caller's grants) {r['policy_read']['p50']:.1f} / {r['policy_read']['p95']:.1f} ms;"
      f" the page's 100 month-to-date items (BatchGetItem) {r['month_to_date_batch']['p50']:.1f} /"
      f" {r['month_to_date_batch']['p95']:.1f} ms; the page's 100 newest-drift items (BatchGetItem)"
      f" {r['drift_latest_batch']['p50']:.1f} / {r['drift_latest_batch']['p95']:.1f} ms"
      f" (the page runs the index page, count and grants at once, then the three batches at once);"
      f" rendering 100 rows {rr['p50']:.1f} / {rr['p95']:.1f} ms.")
print()
print(f"Command: `scripts/lib/bench-console.sh {runs} {stacks}` (run by `./scripts/bench`).")
PY
