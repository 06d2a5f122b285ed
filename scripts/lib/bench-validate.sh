#!/usr/bin/env bash
# Validation of a generated 500-resource template, beside cfn-lint on the same file:
#  - in process, warm: ValidateBenchmark (read with positions + schemas + references + rules),
#    the check the Validate step and `fogbank validate` run
#  - whole process: `fogbank validate FILE` vs `cfn-lint FILE`
# Prints a markdown section; called by ./scripts/bench (needs the build it makes).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/build.sh"
fogbank_setup
runs="${1:-20}"
[ "$runs" -ge 20 ] || runs=20
command -v cfn-lint >/dev/null || { echo "fogbank bench: cfn-lint is required as the peer (pip install cfn-lint)" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
python3 "$FOGBANK_ROOT/scripts/lib/bench_validate_template.py" "$work/t500.yaml" 500
cp_="$(fogbank_cli_classpath)"
inproc=$("$JAVA_HOME/bin/java" -XX:+UseSerialGC \
  -cp "$FOGBANK_ROOT/cli/target/test-classes:$cp_" \
  dev.fogbank.cli.bench.ValidateBenchmark "$work/t500.yaml" 200)
java_validate=("$JAVA_HOME/bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$cp_" dev.fogbank.cli.FogbankCli validate "$work/t500.yaml")
"${java_validate[@]}" >/dev/null 2>&1 || { echo "fogbank bench: fogbank validate refused the generated template:" >&2; "${java_validate[@]}" >&2; exit 1; }

# p50 and p95 of a command's wall time over $runs runs, in seconds (exit status not checked:
# cfn-lint exits non-zero for warnings).
time_cmd() {
  python3 - "$runs" "$@" <<'PY'
import json, subprocess, sys, time
runs = int(sys.argv[1]); cmd = sys.argv[2:]
samples = []
for _ in range(runs):
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    samples.append(time.perf_counter() - t0)
samples.sort()
print(json.dumps({"p50": round(samples[len(samples)//2], 3),
                  "p95": round(samples[min(len(samples)-1, int(len(samples)*0.95+0.999)-1)], 3)}))
PY
}
proc_validate=$(time_cmd "${java_validate[@]}")
proc_lint=$(time_cmd cfn-lint -- "$work/t500.yaml")

python3 - "$inproc" "$proc_validate" "$proc_lint" "$runs" "$(cfn-lint --version 2>&1)" <<'PY'
import json, sys
inproc, pval, plint = (json.loads(a) for a in sys.argv[1:4])
runs, lint_version = sys.argv[4], sys.argv[5]
print("## Template validation (the Validate step and `fogbank validate`)")
print()
print(f"Template: generated, {inproc['resources']} resources (buckets, queues with dead-letter queues,"
      f" topics and subscriptions, tables, log groups, roles; Ref/GetAtt/Sub between them),"
      f" {inproc['bytes']:,} bytes of YAML. In process: 200 warm-up and 200 measured rounds of"
      " read + structure + resource schemas + references + security rules; whole process: "
      + runs + " runs each. Peer: " + lint_version + " on the same file, in the same run.")
print()
print("| measure | fogbank | cfn-lint | ratio | target |")
print("|---|---|---|---|---|")
print(f"| in process, warm p50 | {inproc['warm_p50_ms']:.1f} ms | | | <= 200 ms |")
print(f"| in process, warm p95 | {inproc['warm_p95_ms']:.1f} ms | | | |")
print(f"| in process, first run in a fresh JVM | {inproc['first_ms']:.0f} ms | | | |")
print(f"| in process warm p50 vs cfn-lint's whole run p50 | {inproc['warm_p50_ms']/1000:.3f} s "
      f"| {plint['p50']:.3f} s | {inproc['warm_p50_ms']/1000/plint['p50']:.3f}x | <= 0.1x |")
print(f"| whole process p50 (`fogbank validate FILE` vs `cfn-lint FILE`) | {pval['p50']:.3f} s "
      f"| {plint['p50']:.3f} s | {pval['p50']/plint['p50']:.2f}x | |")
print(f"| whole process p95 | {pval['p95']:.3f} s | {plint['p95']:.3f} s "
      f"| {pval['p95']/plint['p95']:.2f}x | |")
print()
met = lambda ok: "met" if ok else "NOT met"
print(f"Targets: warm <= 200 ms: {met(inproc['warm_p50_ms'] <= 200)}; <= 0.1x cfn-lint's wall time"
      f" (warm, as the control plane's Validate step runs it): "
      f"{met(inproc['warm_p50_ms']/1000 <= 0.1*plint['p50'])}; the whole `fogbank validate`"
      f" process, JVM start included, is {pval['p50']/plint['p50']:.2f}x cfn-lint.")
print("The security rules measured are whatever `SecurityRules.standard()` holds in this build.")
print()
print("Produced by:")
print()
print("```")
print(f"./scripts/bench --runs {runs} (which runs scripts/lib/bench-validate.sh {runs})")
print("```")
PY
