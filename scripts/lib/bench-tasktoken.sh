#!/usr/bin/env bash
# Event-driven waits (issue 10): state transitions of deploy.asl.json for a stack that takes
# 10 minutes (resumed by its event; event missed) beside the 5 s polling loop it replaced, and the
# local engine's callback latency (SendTaskSuccess until the execution ends) beside the floor of
# the same one-state execution without a callback.
# Prints a markdown section; called by ./scripts/bench (needs the build it makes: test classes
# of statemachines and shared, cli/target/lib).
# Usage: scripts/lib/bench-tasktoken.sh [RUNS]   (default 20)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
fogbank_setup
runs="${1:-20}"
root="$FOGBANK_ROOT"
for dir in statemachines/target/test-classes shared/target/test-classes cli/target/lib; do
  [ -d "$root/$dir" ] || { echo "fogbank bench: $dir is missing: build first ('./scripts/bench' does)" >&2; exit 1; }
done
cp_="$root/statemachines/target/test-classes:$root/statemachines/target/classes"
cp_="$cp_:$root/shared/target/test-classes:$root/shared/target/classes:$root/cli/target/lib/*"
figures=$("$JAVA_HOME/bin/java" -XX:+UseSerialGC -cp "$cp_" \
  dev.fogbank.statemachines.bench.TaskTokenBenchmark "$runs")
python3 - "$figures" "${FOGBANK_BENCH_COMMAND:-scripts/lib/bench-tasktoken.sh $runs}" <<'PY'
import json, sys
f = json.loads(sys.argv[1]); command = sys.argv[2]
print("## Event-driven stack waits (WaitForStack with a task token)")
print()
print("State transitions (states entered, as Step Functions bills them) of `deploy.asl.json` for a"
      " stack that takes 10 minutes, on simulated time; the peer is the loop WaitForStack replaced"
      " (CheckStack, StackSettled, a 5 s Wait), counted in the same run.")
print()
print("| deployment, stack takes 10 minutes | state transitions | target |")
print("| --- | ---: | --- |")
print(f"| whole deployment, resumed by the stack's event | {f['eventTransitions']} | <= 15 |")
print(f"| whole deployment, event missed: heartbeat (900 s) runs out, CheckStack finds it done"
      f" | {f['fallbackTransitions']} | |")
print(f"| the replaced 5 s polling loop alone (without the 10 states around it) | {f['pollingTransitions']} | |")
print()
ratio = f['eventTransitions'] / f['pollingTransitions']
print(f"Event path / polling loop: **{ratio:.3f}x** (target <= 15 transitions: "
      f"{'met' if f['eventTransitions'] <= 15 else 'NOT met'}). A missed event costs time, not"
      " transitions: the fallback finds the stack at the heartbeat (here 15 minutes instead of"
      " 10); each further heartbeat doubles (at most 4x) and costs 4 transitions.")
print()
print(f"Local engine callback latency, {f['runs']} measured runs after 200 warm-up runs"
      " (SendTaskSuccess from the test thread until the waiting execution has ended, vs the same"
      " one-state execution whose Task answers at once):")
print()
print("| measure | callback (ms) | no-callback floor (ms) | ratio |")
print("| --- | ---: | ---: | ---: |")
print(f"| median | {f['callbackP50Ms']:.3f} | {f['plainP50Ms']:.3f} | {f['callbackP50Ms']/f['plainP50Ms']:.2f}x |")
print(f"| p95 | {f['callbackP95Ms']:.3f} | {f['plainP95Ms']:.3f} | {f['callbackP95Ms']/f['plainP95Ms']:.2f}x |")
print()
print("Produced by:")
print()
print("```")
print(command)
print("```")
PY
