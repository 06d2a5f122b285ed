#!/usr/bin/env bash
# Synthesis of the control-plane template, beside cfn-lint handling the same template:
#  - in process: SynthBenchmark (build + schema check + YAML) vs cfn-lint's decoder (parse only)
#  - whole process: `fogbank synth --out FILE` vs a python process that parses it with cfn-lint,
#    and vs the full `cfn-lint FILE` run
# Prints a markdown section; called by ./scripts/bench (needs the build it makes).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/build.sh"
fogbank_setup
runs="${1:-10}"
command -v cfn-lint >/dev/null || { echo "fogbank bench: cfn-lint is required as the peer (pip install cfn-lint)" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cp_="$(fogbank_cli_classpath)"
java_synth=("$JAVA_HOME/bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$cp_" dev.fogbank.cli.FogbankCli synth --out "$work/cp.yaml")
"${java_synth[@]}"
inproc=$("$JAVA_HOME/bin/java" -XX:+UseSerialGC \
  -cp "$FOGBANK_ROOT/infrastructure/target/test-classes:$cp_" \
  dev.fogbank.infrastructure.bench.SynthBenchmark 200)
lint_inproc=$(python3 "$FOGBANK_ROOT/scripts/lib/bench_cfnlint_parse.py" "$work/cp.yaml" 200)

# p50 and p95 of a command's wall time over $runs runs, in seconds.
time_cmd() {
  python3 - "$runs" "$@" <<'PY'
import json, subprocess, sys, time
runs = int(sys.argv[1]); cmd = sys.argv[2:]
samples = []
for _ in range(runs):
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    samples.append(time.perf_counter() - t0)
samples.sort()
print(json.dumps({"p50": round(samples[len(samples)//2], 3),
                  "p95": round(samples[min(len(samples)-1, int(len(samples)*0.95+0.999)-1)], 3)}))
PY
}
proc_synth=$(time_cmd "${java_synth[@]}")
proc_parse=$(time_cmd python3 -c 'import sys; from cfnlint.decode import decode; t, m = decode(sys.argv[1]); sys.exit(1 if m else 0)' "$work/cp.yaml")
proc_lint=$(time_cmd cfn-lint -- "$work/cp.yaml")

python3 - "$inproc" "$lint_inproc" "$proc_synth" "$proc_parse" "$proc_lint" "$runs" "$(cfn-lint --version 2>&1)" "$(wc -c <"$work/cp.yaml")" <<'PY'
import json, sys
inproc, lint, psynth, pparse, plint = (json.loads(a) for a in sys.argv[1:6])
runs, lint_version, size = sys.argv[6], sys.argv[7], int(sys.argv[8])
print("## Control-plane template synthesis")
print()
print(f"Template: {inproc['resources']} resources, {size:,} bytes of YAML. In process: 200 warm-up"
      " and 200 measured rounds; whole process: " + runs + " runs each. Peer: "
      + lint_version + " on the same template.")
print()
print("| measure | fogbank | cfn-lint | ratio | target |")
print("|---|---|---|---|---|")
print(f"| in process, warm p50 (fogbank: build + schema check + write; cfn-lint: parse) "
      f"| {inproc['warm_p50_ms']:.2f} ms | {lint['warm_p50_ms']:.2f} ms "
      f"| {inproc['warm_p50_ms']/lint['warm_p50_ms']:.2f}x | <= 50 ms |")
print(f"| in process, warm p95 | {inproc['warm_p95_ms']:.2f} ms | {lint['warm_p95_ms']:.2f} ms "
      f"| {inproc['warm_p95_ms']/lint['warm_p95_ms']:.2f}x | |")
print(f"| in process, first run in a fresh process | {inproc['first_ms']:.1f} ms "
      f"| {lint['first_ms']:.1f} ms | {inproc['first_ms']/lint['first_ms']:.2f}x | |")
print(f"| whole process p50 (`fogbank synth --out` vs python + cfn-lint decode) "
      f"| {psynth['p50']:.3f} s | {pparse['p50']:.3f} s | {psynth['p50']/pparse['p50']:.2f}x | <= 1.5 s |")
print(f"| whole process p95 | {psynth['p95']:.3f} s | {pparse['p95']:.3f} s "
      f"| {psynth['p95']/pparse['p95']:.2f}x | |")
print(f"| whole process p50 vs the full `cfn-lint FILE` run | {psynth['p50']:.3f} s "
      f"| {plint['p50']:.3f} s | {psynth['p50']/plint['p50']:.2f}x | |")
print()
met = lambda ok: "met" if ok else "NOT met"
print(f"Targets: in process warm p50 <= 50 ms: {met(inproc['warm_p50_ms'] <= 50)}; "
      f"`fogbank synth` whole process p50 <= 1.5 s: {met(psynth['p50'] <= 1.5)}. "
      "The first in-process synthesis pays for class loading and a cold JIT, which is why the"
      " whole-process figure matters more for a command.")
print()
print("Produced by:")
print()
print("```")
print(f"./scripts/bench --runs {runs} (which runs scripts/lib/bench-synth.sh {runs})")
print("```")
PY
