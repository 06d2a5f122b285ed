#!/usr/bin/env bash
# Validation of a generated 500-resource template (read with positions + resource schemas +
# security rules, as the Validate step runs it), beside cfn-lint on the same file:
#  - in process: ValidateBenchmark warm p50/p95 vs the whole `cfn-lint FILE` run
#  - whole process: a JVM validating once vs `cfn-lint FILE`
# Prints a markdown section; called by ./scripts/bench (needs the build it makes: the shared
# module's test classes and the CLI's classpath). FOGBANK_BENCH_CLASSPATH overrides the latter.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/build.sh"
fogbank_setup
runs="${1:-20}"
command -v cfn-lint >/dev/null || { echo "fogbank bench: cfn-lint is required as the peer (pip install cfn-lint)" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cp_="$FOGBANK_ROOT/shared/target/test-classes:${FOGBANK_BENCH_CLASSPATH:-$(fogbank_cli_classpath)}"
bench=("$JAVA_HOME/bin/java" -XX:+UseSerialGC -cp "$cp_" dev.fogbank.shared.rules.bench.ValidateBenchmark "$work/t500.yaml")
inproc=$("${bench[@]}" 200)
once=("$JAVA_HOME/bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$cp_" dev.fogbank.shared.rules.bench.ValidateBenchmark "$work/once.yaml" 0)

# p50 and p95 of a command's wall time over $runs runs, in seconds. cfn-lint exits non-zero when it
# finds something; only its time matters here.
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
proc_once=$(time_cmd "${once[@]}")
proc_lint=$(time_cmd cfn-lint -- "$work/t500.yaml")
lint_findings=$(cfn-lint -f parseable -- "$work/t500.yaml" | wc -l || true)

python3 - "$inproc" "$proc_once" "$proc_lint" "$runs" "$(cfn-lint --version 2>&1)" "$lint_findings" <<'PY'
import json, sys
inproc, once, lint = (json.loads(a) for a in sys.argv[1:4])
runs, lint_version, lint_findings = sys.argv[4], sys.argv[5], sys.argv[6]
ms = lambda s: s * 1000
print("## Template validation (schemas + security rules)")
print()
print(f"Template: generated, {inproc['resources']} resources of ten types (KMS key, bucket, bucket"
      f" policy, queue, topic, table, role, log group, function, security group), {inproc['bytes']:,}"
      f" bytes of YAML; fogbank reports {inproc['findings']} findings, cfn-lint {lint_findings}."
      " Validation is what the Validate step runs: TemplateReader.readSource, requireValid with the"
      " bundled resource schemas, SecurityRules.standard(). In process: 200 warm-up and 200"
      f" measured rounds; whole process: {runs} runs each. Peer: {lint_version} on the same file.")
print()
print("| measure | fogbank | cfn-lint | ratio | target |")
print("|---|---|---|---|---|")
print(f"| fogbank in process, warm p50, vs `cfn-lint FILE` p50 | {inproc['warm_p50_ms']:.1f} ms "
      f"| {ms(lint['p50']):.0f} ms | {inproc['warm_p50_ms']/ms(lint['p50']):.3f}x "
      "| <= 200 ms and <= 0.1x |")
print(f"| fogbank in process, warm p95, vs `cfn-lint FILE` p95 | {inproc['warm_p95_ms']:.1f} ms "
      f"| {ms(lint['p95']):.0f} ms | {inproc['warm_p95_ms']/ms(lint['p95']):.3f}x | |")
print(f"| fogbank first validation in a fresh JVM (in process) | {inproc['first_ms']:.0f} ms "
      f"| {ms(lint['p50']):.0f} ms | {inproc['first_ms']/ms(lint['p50']):.2f}x | |")
print(f"| whole process p50 (a JVM validating once vs `cfn-lint FILE`) | {ms(once['p50']):.0f} ms "
      f"| {ms(lint['p50']):.0f} ms | {once['p50']/lint['p50']:.2f}x | |")
print(f"| whole process p95 | {ms(once['p95']):.0f} ms | {ms(lint['p95']):.0f} ms "
      f"| {once['p95']/lint['p95']:.2f}x | |")
print()
met = lambda ok: "met" if ok else "NOT met"
print(f"Targets: warm p50 <= 200 ms: {met(inproc['warm_p50_ms'] <= 200)}; warm p50 <= 0.1x"
      f" cfn-lint's p50: {met(inproc['warm_p50_ms'] <= 0.1 * ms(lint['p50']))}. The warm figure is"
      " the control plane's (a warm Lambda); a fresh JVM pays for class loading and a cold JIT.")
print()
print("Produced by:")
print()
print("```")
print(f"./scripts/bench --runs {runs} (which runs scripts/lib/bench-validate.sh {runs})")
print("```")
PY
