#!/usr/bin/env bash
# Lambda artifact sizes and cold start on real routes, as a Markdown section on stdout.
#
# Precondition: the artifacts are built, from the repository root:
#     mvn -B -o -pl functions -am package -DskipTests -DskipITs     (a JDK >= 21)
# which leaves functions/target/functions-<version>-{api,drop,steps-ledger,steps-stack,...}.jar.
# This script compiles the test classes (ColdStartBench, the invoker, the fixtures) and writes
# functions/<build dir>/test-classpath.txt in the reactor, offline, without installing anything.
#
# Usage: scripts/lib/bench-lambda.sh [--runs N] [--endpoint URL] [--build-dir DIR] [--before-dir DIR]
#   --runs N        fresh JVMs per case (default 20)
#   --endpoint URL  a running moto_server (or other emulator); default: start moto_server on a
#                   free port for the run and stop it after
#   --build-dir DIR Maven output folder under functions/ (default target; see -Dfogbank.buildDir)
#   --before-dir DIR another build's output folder under functions/ (e.g. main's, built with
#                   -Dfogbank.buildDir=target-before): its jars are measured too, without priming,
#                   interleaved in the same run, and reported before/after
#   FOGBANK_BENCH_CASES=api,steps-ledger (environment): only these groups' cases, while iterating
#   FOGBANK_BENCH_CLASS_LOG=DIR (environment): each case's class-loading log (-Xlog:class+load)
#                   as DIR/<group>.log (and <group>-before.log with --before-dir)
#   FOGBANK_BENCH_AFTER_TOOL_OPTIONS='-D...' (environment): JAVA_TOOL_OPTIONS (how Lambda takes
#                   JVM options) for the runs of this build's jars only, not the trivial handler's
#                   nor --before-dir's: with --before-dir holding a copy of the same jars, an option's
#                   effect, interleaved; also a way to record JFR (see bench_jfr_share.py)
#
# Measures, in fresh JVMs started with the java21 runtime's flags, each group on its heaviest
# common path (api POST /deployments, drop an S3 event, steps-ledger AcquireLock, steps-stack
# CreateChangeSet, slack an SNS notification posted to a loopback webhook, events a stack status
# change, scans a cost scan page, console the stacks page) without SnapStart priming (JVM start to answer) and with it (priming run in
# init, first invoke timed: the stand-in for a restore, which is not measured), against a trivial
# RequestHandler in a jar with only aws-lambda-java-core and Jackson (built here), all interleaved;
# reports median, p95, the ratios (target <= 2.0x), classes loaded and each artifact's size.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

runs=20
endpoint=""
build_dir="${FOGBANK_BUILD_DIR:-target}"
before_dir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --endpoint) endpoint="$2"; shift 2 ;;
    --build-dir) build_dir="$2"; shift 2 ;;
    --before-dir) before_dir="$2"; shift 2 ;;
    -h|--help) sed -n '2,32p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-lambda: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
command_line="${FOGBANK_BENCH_COMMAND:-scripts/lib/bench-lambda.sh --runs $runs${endpoint:+ --endpoint $endpoint} --build-dir $build_dir${before_dir:+ --before-dir $before_dir}}"

fogbank_find_jdk || exit 1
out="$FOGBANK_ROOT/functions/$build_dir"
classes="$out/test-classes"

missing() {
  echo "bench-lambda: $1 is missing." >&2
  echo "bench-lambda: build first, from $FOGBANK_ROOT: mvn -B -o -pl functions -am package -DskipTests -DskipITs" \
    "(add -Dfogbank.buildDir=$build_dir if you use another output folder)." >&2
  exit 1
}

api_jar=$(ls "$out"/functions-*-api.jar 2>/dev/null | head -n 1 || true)
[ -n "$api_jar" ] || missing "the api artifact ($out/functions-<version>-api.jar)"
prefix=$(basename "$api_jar" -api.jar)
for group in drop steps-ledger steps-stack slack events scans console; do
  [ -f "$out/$prefix-$group.jar" ] || missing "the $group artifact ($out/$prefix-$group.jar)"
  if [ -n "$before_dir" ]; then
    [ -f "$FOGBANK_ROOT/functions/$before_dir/$prefix-$group.jar" ] \
      || missing "the $group artifact of --before-dir ($FOGBANK_ROOT/functions/$before_dir/$prefix-$group.jar)"
  fi
done
# The test classes and their class path (the SDK sets the emulator up), in the reactor.
(cd "$FOGBANK_ROOT" && "${FOGBANK_MVN:-mvn}" -B -q -o -pl functions -am test-compile \
  dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$build_dir/test-classpath.txt" \
  -Dfogbank.buildDir="$build_dir" -Dmaven.antrun.skip=true >"$out/bench-lambda-build.log" 2>&1) \
  || { echo "bench-lambda: test-compile failed; see $out/bench-lambda-build.log" >&2; exit 1; }
[ -f "$classes/dev/fogbank/functions/artifact/ColdStartBench.class" ] \
  || missing "ColdStartBench in $classes"

# aws-lambda-java-core at the version the build uses, from the local Maven repository.
core_version=$(sed -n 's:.*<lambda-core.version>\(.*\)</lambda-core.version>.*:\1:p' \
  "$FOGBANK_ROOT/pom.xml")
m2="${MAVEN_REPOSITORY:-$HOME/.m2/repository}"
core_jar="$m2/com/amazonaws/aws-lambda-java-core/$core_version/aws-lambda-java-core-$core_version.jar"
[ -f "$core_jar" ] || missing "aws-lambda-java-core $core_version ($core_jar)"

work=$(mktemp -d "${TMPDIR:-/tmp}/fogbank-bench.XXXXXX")
moto_pid=""
cleanup() {
  if [ -n "$moto_pid" ]; then kill "$moto_pid" 2>/dev/null || true; wait "$moto_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The baseline jar: the trivial handler, aws-lambda-java-core and Jackson.
mkdir -p "$work/trivial/dev/fogbank/functions/artifact"
cp "$classes/dev/fogbank/functions/artifact/TrivialHandler.class" \
  "$work/trivial/dev/fogbank/functions/artifact/"
(cd "$work/trivial" && "$JAVA_HOME/bin/jar" xf "$core_jar" && rm -rf META-INF)
# The Lambda runtime maps every POJO handler's event with Jackson; give the baseline the same
# Jackson classes the api artifact carries, so both pay for reading the event alike.
(cd "$work/trivial" && unzip -q -o "$api_jar" 'com/fasterxml/jackson/*')
"$JAVA_HOME/bin/jar" cf "$work/trivial.jar" -C "$work/trivial" .

if [ -z "$endpoint" ]; then
  fogbank_find_moto || { echo "bench-lambda: moto_server not found; pass --endpoint URL" >&2; exit 1; }
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$FOGBANK_MOTO_SERVER" -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
  moto_pid=$!
  endpoint="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "$endpoint/moto-api/" 2>/dev/null && break
    kill -0 "$moto_pid" 2>/dev/null || { cat "$work/moto.log" >&2; echo "bench-lambda: moto_server exited" >&2; exit 1; }
    sleep 0.1
  done
  curl -fsS -o /dev/null "$endpoint/moto-api/" || { echo "bench-lambda: moto_server did not answer at $endpoint" >&2; exit 1; }
fi

"$JAVA_HOME/bin/java" -XX:+UseSerialGC \
  -cp "$classes:$out/classes:$(cat "$out/test-classpath.txt")" \
  dev.fogbank.functions.artifact.ColdStartBench \
  "$out" "$prefix" "$work/trivial.jar" "$endpoint" "$runs" "$command_line" \
  ${before_dir:+"$FOGBANK_ROOT/functions/$before_dir"}
