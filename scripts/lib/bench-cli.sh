#!/usr/bin/env bash
# CLI start-up (issue 12: `fogbank --version` <= 0.3 s, `fogbank status` against a running local
# control plane <= 0.6 s): the launcher as a person runs it, N runs each, median and p95, with
# `java -version` as the floor no JVM command can beat, measured in the same rounds (each round
# runs every row once, so load that comes and goes weighs on all rows alike).
# Rows: the launcher with its class-data-sharing archives (written into a fresh folder by one first
# run per command, timed apart), the same without archives (FOGBANK_CDS_DIR=), and the launcher's
# shell work alone (its JDK lookup, build check and class path, no JVM).
# Usage: scripts/lib/bench-cli.sh RUNS [API_URL TOKEN]
#   scripts/bench passes its running plane; alone, this starts moto_server and `fogbank local` on
#   ephemeral ports in a temporary folder and stops them after.
#   FOGBANK_BENCH_CLI_BASELINE=/other/checkout/scripts/fogbank adds that launcher's rows (another
#   checkout, already built: it runs with FOGBANK_SKIP_BUILD=1), e.g. main before a change.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/build.sh"
source "$(dirname "${BASH_SOURCE[0]}")/local-plane.sh"
fogbank_setup
runs="${1:-20}"; api="${2:-}"; token="${3:-}"
work=$(mktemp -d)
cleanup() {
  fogbank_stop_local_plane
  rm -rf "$work"
}
trap cleanup EXIT
fogbank_build_if_needed
if [ -z "$api" ]; then
  fogbank_find_moto || { echo "bench-cli: moto_server is required (pip install 'moto[server]')" >&2; exit 1; }
  token=bench-cli-token
  mkdir -p "$work/plane"
  fogbank_start_local_plane "$work/plane" "$token" || exit 1
  api="$FOGBANK_PLANE_API"
fi
printf 'Resources:\n  Handle:\n    Type: AWS::CloudFormation::WaitConditionHandle\n' >"$work/t.yaml"
export FOGBANK_ENDPOINT="$api" FOGBANK_TOKEN="$token" FOGBANK_CONFIG="$work/none.yaml" FOGBANK_SKIP_BUILD=1
id=$(FOGBANK_CDS_DIR="" "$FOGBANK_ROOT/scripts/fogbank" deploy bench-cli -t "$work/t.yaml" --wait -o json \
  2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["deploymentId"])')
cat >"$work/shell-only.sh" <<'SH'
source "$1/scripts/lib/common.sh"; source "$1/scripts/lib/build.sh"
fogbank_setup; fogbank_build_if_needed; fogbank_cli_cds_options status; fogbank_cli_classpath status >/dev/null
SH
python3 - "$runs" "$FOGBANK_ROOT" "$JAVA_HOME/bin/java" "$id" "$work" "${FOGBANK_BENCH_CLI_BASELINE:-}" <<'PY'
import os, statistics, subprocess, sys, time
runs, root, java, dep, work = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
baseline = sys.argv[6]
fogbank = os.path.join(root, "scripts/fogbank")
cds = os.path.join(work, "cds")
with_cds = dict(os.environ, FOGBANK_CDS_DIR=cds)
without = dict(os.environ, FOGBANK_CDS_DIR="")
def once(cmd, env=None):
    t = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t
def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])
load_before = load()
# The first run of each command writes its archive into the fresh folder.
first = {"--version": once([fogbank, "--version"], with_cds),
         "status": once([fogbank, "status", dep], with_cds)}
rows = [("`java -version` (floor)", [java, "-version"], None, None),
        ("`fogbank --version`", [fogbank, "--version"], with_cds, 0.3),
        ("`fogbank --version`, no CDS archive", [fogbank, "--version"], without, None),
        ("`fogbank status ID` (local plane)", [fogbank, "status", dep], with_cds, 0.6),
        ("`fogbank status ID`, no CDS archive", [fogbank, "status", dep], without, None),
        ("launcher shell work alone (no JVM)",
         ["bash", os.path.join(work, "shell-only.sh"), root], None, None)]
if baseline:
    rows += [(f"baseline `{baseline} --version`", [baseline, "--version"], None, None),
             (f"baseline `{baseline} status ID`", [baseline, "status", dep], None, None)]
    once([baseline, "status", dep])
times = {name: [] for name, *_ in rows}
for _ in range(runs):
    for name, cmd, env, _target in rows:
        times[name].append(once(cmd, env))
load_after = load()
def stats(values):
    values = sorted(values)
    return statistics.median(values), values[min(len(values) - 1, int(round(0.95 * len(values))) - 1)]
floor = stats(times[rows[0][0]])[0]
print("## CLI start-up")
print()
print(("`FOGBANK_BENCH_CLI_BASELINE=" + baseline + " " if baseline else "`")
      + f"scripts/lib/bench-cli.sh {runs}` (alone it starts its own moto_server and `fogbank local`;"
      f" `./scripts/bench` passes its plane): the launcher `scripts/fogbank` as a person runs it,"
      f" {runs} rounds, each running every row once, stdout to /dev/null; load average"
      f" {load_before} before, {load_after} after, {os.cpu_count()} cores.")
print()
print("| command | median | p95 | median / java -version | target | met |")
print("| --- | --- | --- | --- | --- | --- |")
for name, _cmd, _env, target in rows:
    median, p95 = stats(times[name])
    goal = "-" if target is None else f"≤ {target} s"
    met = "-" if target is None else ("yes" if median <= target else "NO")
    print(f"| {name} | {median:.3f} s | {p95:.3f} s | {median / floor:.1f}× | {goal} | {met} |")
print()
print(f"First runs, which write the command's archive (one each): `--version` {first['--version']:.3f} s,"
      f" `status` {first['status']:.3f} s.")
PY
