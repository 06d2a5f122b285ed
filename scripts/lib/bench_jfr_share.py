#!/usr/bin/env python3
"""Where a cold start's main thread spends its time, from JFR recordings of fresh JVMs.

Usage: bench_jfr_share.py RECORDING.jfr...   (JAVA_HOME names the JDK whose `jfr` reads them)

Record with bench-lambda.sh, e.g. (1 ms sampling; fast.jfc is the JDK's profile.jfc with the
method-sampling-java-interval set to 1 ms):
    FOGBANK_BENCH_CASES=api FOGBANK_BENCH_AFTER_TOOL_OPTIONS=\
'-XX:StartFlightRecording=filename=/tmp/jfr/api-%p.jfr,settings=/tmp/fast.jfc' \
    scripts/lib/bench-lambda.sh --runs 4
then pass the recordings of the runs without priming (per run, the first of the two files).

Prints, over all recordings, the share of the main thread's execution samples whose stack holds
each kind of start-up work (a sample can count in more than one kind). Sampling starts once JFR
is up, so the JVM's first ~100-200 ms are not in it.
"""
import collections
import json
import os
import subprocess
import sys

KINDS = {
    # Spinning a lambda's class at run time: LambdaMetafactory generating and defining it.
    "lambda classes spun (LambdaMetafactory)": ("LambdaMetafactory",),
    "class loading (ClassLoader.loadClass / defineClass)": (
        "java.lang.ClassLoader.loadClass", "java.lang.ClassLoader.defineClass"),
    "TLS context (SSLContext, trust managers, key store)": (
        "javax.net.ssl.SSLContext", "TrustManagerFactory", "java.security.KeyStore"),
    "Jackson": ("com.fasterxml.jackson",),
}


def frames(event):
    stack = event["values"].get("stackTrace") or {}
    return [(f["method"]["type"]["name"] + "." + f["method"]["name"]).replace("/", ".")
            for f in stack.get("frames", [])]


def main(paths):
    jfr = os.path.join(os.environ.get("JAVA_HOME", ""), "bin", "jfr") if os.environ.get(
        "JAVA_HOME") else "jfr"
    counts = collections.Counter()
    total = 0
    for path in paths:
        out = subprocess.run(
            [jfr, "print", "--json", "--events", "jdk.ExecutionSample", "--stack-depth", "200",
             path], check=True, capture_output=True, text=True).stdout
        for event in json.loads(out)["recording"]["events"]:
            if event["values"].get("sampledThread", {}).get("javaName") != "main":
                continue
            stack = " ".join(frames(event))
            total += 1
            for kind, needles in KINDS.items():
                if any(n in stack for n in needles):
                    counts[kind] += 1
    print(f"{len(paths)} recordings, {total} main-thread samples")
    for kind in KINDS:
        share = 100.0 * counts[kind] / total if total else 0.0
        print(f"  {kind}: {counts[kind]} ({share:.1f}%)")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
