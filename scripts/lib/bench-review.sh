#!/usr/bin/env bash
# Change review of a generated change set touching 500 resources (in process, warm), beside the
# time CloudFormation's own DescribeChangeSet pages take for the same change set on the same
# emulator, in the same run. Prints a markdown section; called by ./scripts/bench.
# Usage: scripts/lib/bench-review.sh [--runs N] [--endpoint URL]
#   --endpoint URL  a running moto_server; default: start one on a free loopback port
# Builds only shared's test classes (mvn test-compile; never install).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
fogbank_setup
runs=20
endpoint=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --endpoint) endpoint="$2"; shift 2 ;;
    *) echo "usage: scripts/lib/bench-review.sh [--runs N] [--endpoint URL]" >&2; exit 2 ;;
  esac
done
[ "$runs" -ge 20 ] || { echo "fogbank bench: --runs must be at least 20" >&2; exit 2; }
command_line="${FOGBANK_BENCH_COMMAND:-scripts/lib/bench-review.sh --runs $runs${endpoint:+ --endpoint $endpoint}}"
work=$(mktemp -d)
moto_pid=""
cleanup() {
  [ -n "$moto_pid" ] && kill "$moto_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
if [ -z "$endpoint" ]; then
  fogbank_find_moto || { echo "fogbank bench: moto_server is required (pip install 'moto[server]')" >&2; exit 1; }
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$FOGBANK_MOTO_SERVER" -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
  moto_pid=$!
  endpoint="http://127.0.0.1:$port"
  for _ in $(seq 100); do curl -fs "$endpoint/moto-api/" >/dev/null 2>&1 && break; sleep 0.1; done
fi

(cd "$FOGBANK_ROOT" && mvn -B -q -pl shared test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt" >"$work/build.log" 2>&1) || {
  echo "fogbank bench: building shared failed:" >&2; tail -20 "$work/build.log" >&2; exit 1; }
cp_="$FOGBANK_ROOT/shared/target/test-classes:$FOGBANK_ROOT/shared/target/classes:$(cat "$work/cp.txt")"
result=$("$JAVA_HOME/bin/java" -XX:+UseSerialGC -cp "$cp_" \
  dev.fogbank.shared.review.ReviewBenchmark "$endpoint" "$runs" 500)

machine="$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores (shared), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1), moto $(python3 -c 'import moto; print(moto.__version__)' 2>/dev/null || echo '(version unknown)')"
python3 - "$result" "$runs" "$command_line" "$machine" <<'PY'
import json, sys
r = json.loads(sys.argv[1]); runs = sys.argv[2]; command = sys.argv[3]; machine = sys.argv[4]
print("## Change review")
print()
print(f"A generated change set with {r['rows']} Modify rows ({r['replaced']} replacements computed"
      f" from the templates, {r['critical']} CRITICAL, {r['exports']} exports whose value changes;"
      f" a {r['template_bytes']:,}-byte template),"
      f" reviewed in process {runs} times after as many warm-up rounds (replacement from"
      " create-only properties, risk, exports and their importers, the protect-stateful policy). Peer: reading the"
      f" same change set's rows with DescribeChangeSet, all {r['pages']} page(s), from the same"
      " moto_server in the same run, " + runs + " times. The emulator gives no Replacement, so"
      " every row's replacement is computed.")
print()
print(f"Run on {machine}.")
print()
print("| measure | review (in process) | DescribeChangeSet pages (moto) | ratio | target |")
print("|---|---|---|---|---|")
print(f"| p50 | {r['review_p50_ms']:.2f} ms | {r['describe_p50_ms']:.2f} ms "
      f"| {r['review_p50_ms']/r['describe_p50_ms']:.2f}x | <= 200 ms warm |")
print(f"| p95 | {r['review_p95_ms']:.2f} ms | {r['describe_p95_ms']:.2f} ms "
      f"| {r['review_p95_ms']/r['describe_p95_ms']:.2f}x | |")
print(f"| first review in a fresh JVM | {r['first_ms']:.1f} ms | | | |")
print()
met = "met" if r['review_p50_ms'] <= 200 else "NOT met"
print(f"Target (warm review of 500 resources <= 200 ms): {met}. ListImports is answered in process"
      " (moto has none), so the figure is the review's own work; on AWS each affected export adds"
      " one ListImports call.")
print()
print("Produced by:")
print()
print("```")
print(command)
print("```")
PY
