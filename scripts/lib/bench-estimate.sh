#!/usr/bin/env bash
# Cost estimates: a 500-resource template estimated with a cold price cache (how many Price List
# calls) and a warm one (in memory, and from the control table as a new container reads it),
# beside reading the same template with TemplateReader (the floor every estimate starts from).
# The Price List is PriceListServer (the tests' stand-in) on loopback; the table DynamoDB Local.
# Prints a markdown section; called by ./scripts/bench. Usage: bench-estimate.sh [RUNS]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
fogbank_setup
runs="${1:-30}"
cd "$FOGBANK_ROOT"
# Compiles in the reactor (no install): shared's main and test classes and its test classpath.
mvn -B -q -pl shared -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt >"$FOGBANK_ROOT/.fogbank-bench-estimate.log" 2>&1 \
  || { echo "fogbank bench: build failed; see .fogbank-bench-estimate.log" >&2; exit 1; }
result=$(DDB_LOCAL_TELEMETRY=0 "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC \
  -cp "shared/target/test-classes:shared/target/classes:$(cat shared/target/test-classpath.txt)" \
  dev.fogbank.shared.estimate.EstimateBenchmark "$runs" 2>/dev/null | tail -1)
python3 - "$result" "$runs" <<'PY'
import json, sys
r = json.loads(sys.argv[1]); runs = sys.argv[2]
print("## Cost estimate")
print()
print(f"Template: {r['resources']} resources (14 copies of `shared/src/test/resources/estimate/every-type.yaml`,"
      f" cut at 500; {r['coverage']}). {runs} measured runs after 10 warm-up runs, in one JVM."
      " Floor: `TemplateReader.readSource` of the same template, measured in the same runs"
      " (an estimate starts from a read template and does not include it).")
print()
print("| measure | p50 | p95 | ratio to the floor (p50) | target |")
print("|---|---|---|---|---|")
print(f"| estimate, warm price cache in memory (one container) | {r['memory_p50']:.1f} ms | {r['memory_p95']:.1f} ms | {r['memory_p50']/r['read_p50']:.2f}x | <= 100 ms |")
print(f"| estimate, warm cache read from the control table (new container; DynamoDB Local) | {r['table_p50']:.1f} ms | {r['table_p95']:.1f} ms | {r['table_p50']/r['read_p50']:.2f}x | |")
print(f"| floor: reading the template (`TemplateReader.readSource`) | {r['read_p50']:.1f} ms | {r['read_p95']:.1f} ms | 1.00x | |")
print()
print(f"Cold cache: {r['cold_queries']} distinct prices fetched, {r['cold_calls']} `GetProducts` calls"
      f" (pages included; the stand-in serves one product per page), {r['cold_ms']:.0f} ms against the"
      f" loopback stand-in. Warm runs made {r['warm_calls']} calls. Monthly total: ${r['monthly']}.")
print()
print(f"Command: `scripts/lib/bench-estimate.sh {runs}` (run by `./scripts/bench`).")
PY
