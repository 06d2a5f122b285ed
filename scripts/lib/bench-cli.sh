#!/usr/bin/env bash
# CLI start-up (issue 12: `fogbank --version` <= 0.3 s, `fogbank status` against a running local
# control plane <= 0.6 s): the launcher as a person runs it, N runs each, median and p95, with
# `java -version` in the same run as the floor no JVM command can beat.
# Usage: scripts/lib/bench-cli.sh RUNS API_URL TOKEN   (scripts/bench passes its running plane)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
fogbank_setup
runs="$1"; api="$2"; token="$3"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'Resources:\n  Handle:\n    Type: AWS::CloudFormation::WaitConditionHandle\n' >"$work/t.yaml"
export FOGBANK_ENDPOINT="$api" FOGBANK_TOKEN="$token" FOGBANK_CONFIG="$work/none.yaml" FOGBANK_SKIP_BUILD=1
id=$("$FOGBANK_ROOT/scripts/fogbank" deploy bench-cli -t "$work/t.yaml" --wait -o json 2>/dev/null \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["deploymentId"])')
python3 - "$runs" "$FOGBANK_ROOT/scripts/fogbank" "$JAVA_HOME/bin/java" "$id" <<'PY'
import statistics, subprocess, sys, time
runs, fogbank, java, dep = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
def measure(cmd):
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        out.append(time.perf_counter() - t)
    out.sort()
    return statistics.median(out), out[min(len(out) - 1, int(round(0.95 * len(out))) - 1)]
floor = measure([java, "-version"])
rows = [("`java -version` (floor)", floor, None),
        ("`fogbank --version`", measure([fogbank, "--version"]), 0.3),
        ("`fogbank status ID` (local plane)", measure([fogbank, "status", dep]), 0.6)]
print("## CLI start-up")
print()
print(f"`./scripts/bench` (scripts/lib/bench-cli.sh {runs} API TOKEN): the launcher `scripts/fogbank`"
      f" as a person runs it, {runs} runs each, stdout to /dev/null.")
print()
print("| command | median | p95 | median / java -version | target | met |")
print("| --- | --- | --- | --- | --- | --- |")
for name, (median, p95), target in rows:
    ratio = f"{median / floor[0]:.1f}×"
    goal = "-" if target is None else f"≤ {target} s"
    met = "-" if target is None else ("yes" if median <= target else "NO")
    print(f"| {name} | {median:.3f} s | {p95:.3f} s | {ratio} | {goal} | {met} |")
PY
