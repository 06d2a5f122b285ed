#!/usr/bin/env bash
# History at scale: STACKS stacks x PER_STACK deployments seeded in DynamoDB Local (embedded)
# through the history adapter's batch import; a stack's history page and the stacks list page
# through the real API handler, beside one GetItem in the same run.
# Prints a markdown section; called by ./scripts/bench.
# Usage: scripts/lib/bench-history.sh [RUNS] [STACKS] [PER_STACK]   (default 20 1000 100)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
fogbank_setup
runs="${1:-20}"; stacks="${2:-1000}"; per="${3:-100}"
cd "$FOGBANK_ROOT"
mvn -B -q -o -pl functions -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt >"$FOGBANK_ROOT/.fogbank-bench-history.log" 2>&1 \
  || { echo "fogbank bench: build failed; see .fogbank-bench-history.log" >&2; exit 1; }
result=$(DDB_LOCAL_TELEMETRY=0 "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  -cp "functions/target/test-classes:functions/target/classes:$(cat functions/target/test-classpath.txt)" \
  dev.fogbank.functions.api.HistoryBenchmark "$runs" "$stacks" "$per" 2>/dev/null | tail -1)
python3 - "$result" "scripts/lib/bench-history.sh $runs $stacks $per" <<'PY'
import json, sys
r = json.loads(sys.argv[1]); command = sys.argv[2]
print("## History at scale")
print()
print(f"{r['stacks']:,} stacks x {r['per_stack']} deployments ({r['stacks'] * r['per_stack']:,} records) in"
      f" DynamoDB Local, embedded, seeded through `DynamoDbDeploymentHistory.importAll` (BatchWriteItem,"
      f" 25 items a call; {r['seed_s']} s). Server time through the real API handler"
      f" (`ApiHandler.handleRequest` with API Gateway HTTP API v2 events, the real history adapter and"
      f" stack index); {r['runs']} measured runs after 10 warm-up runs, in one JVM. Baseline in the same"
      f" runs: one consistent GetItem of one record by its key.")
print()
print("| request | p50 | p95 | ratio to GetItem (p50) | answer | target |")
print("|---|---|---|---|---|---|")
g = r["get_item"]
for key, label, target, size in (
        ("stack_page", "`GET /stacks/{name}/deployments` (20 newest of 100)", 20, r["stack_page_bytes"]),
        ("stacks_page", "`GET /stacks?limit=100` (latest status and lock of each)", 50, r["stacks_page_bytes"])):
    p = r[key]
    ok = "met" if p["p95"] <= target else "**missed**"
    print(f"| {label} | {p['p50']:.1f} ms | {p['p95']:.1f} ms | {p['p50'] / g['p50']:.1f}x | {size / 1024:.0f} KiB |"
          f" <= {target} ms ({ok}, judged on p95) |")
print(f"| baseline: GetItem of one record | {g['p50']:.2f} ms | {g['p95']:.2f} ms | 1.0x | | |")
w = r["whole_index"]
print(f"| for comparison: the whole stack index (one Query of every stack), which `GET /stacks` read for every page before `StackSummaries.page` | {w['p50']:.1f} ms | {w['p95']:.1f} ms | {w['p50'] / g['p50']:.1f}x | | |")
print()
print(f"Command: `{command}` (run by `./scripts/bench`).")
PY
