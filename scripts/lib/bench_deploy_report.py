#!/usr/bin/env python3
"""Formats scripts/lib/bench-deploy.sh's JSON (DeploymentBenchmark) as a markdown section."""
import json
import sys

mode, raw, command = sys.argv[1], sys.argv[2], sys.argv[3]
r = json.loads(raw)


def ms(s):
    return "%.1f ms" % s


def calls(d):
    return ", ".join("%s %d" % (k, v) for k, v in sorted(d.items()))


if mode == "overhead":
    print("## Overhead against the floor (one deployment at a time)")
    print()
    print("Through fogbank: `POST /deployments` to the local runtime (in-process, as `fogbank local`"
          " runs: lock poll 1 s, stack heartbeat 1 s) until the runtime announces its end (the Notify"
          " step's `deployment_*` line, after the lock's release; the benchmark does not poll). Floor: the same CloudFormation calls made directly with the AWS SDK (DescribeStacks,"
          " CreateChangeSet, DescribeChangeSet until it settles, then DeleteChangeSet, or ExecuteChangeSet"
          " and DescribeStacks until the stack settles; polls every 20 ms) on the same moto_server in the"
          " same run. %d measured runs of each, interleaved, after %d warm-up runs. Template: an SQS"
          " queue and an SNS topic; the change flips the queue's VisibilityTimeout." % (r["runs"], r["warmup"]))
    print()
    print("| deployment | fogbank p50 | fogbank p95 | floor p50 | floor p95 | ratio p50 | ratio p95 | target |")
    print("|---|---|---|---|---|---|---|---|")
    for key, label in (("nochange", "no change"), ("change", "one resource changed")):
        f, s = r["fogbank_" + key], r["floor_" + key]
        ratio = f["p50"] / s["p50"]
        print("| %s | %s | %s | %s | %s | %.2fx | %.2fx | <= 1.5x (%s) |" % (
            label, ms(f["p50"]), ms(f["p95"]), ms(s["p50"]), ms(s["p95"]), ratio,
            f["p95"] / s["p95"], "met" if ratio <= 1.5 else "**missed**"))
    if "floor_table_nochange" in r:
        print()
        print("The floor with fogbank's control-table requests (`DeploymentBenchmark.bookkeepingFloor`:"
              " the same CloudFormation calls, plus the 9 table requests a no-change deployment makes"
              " (the policy read, the append's transaction, lock, start, index, end, index, release,"
              " the announcement's claim) made directly with the SDK on the same DynamoDB Local, in"
              " the same order; no HTTP, no engine), interleaved with the runs above: what any design"
              " that keeps those writes would take at least.")
        print()
        print("| deployment | floor + table p50 | floor + table p95 | its ratio to the floor p50 | fogbank's ratio to it p50 |")
        print("|---|---|---|---|---|")
        for key, label in (("nochange", "no change"), ("change", "one resource changed")):
            f, s, t = r["fogbank_" + key], r["floor_" + key], r["floor_table_" + key]
            print("| %s | %s | %s | %.2fx | %.2fx |" % (
                label, ms(t["p50"]), ms(t["p95"]), t["p50"] / s["p50"], f["p50"] / t["p50"]))
    print()
    print("Where fogbank's time goes: each Lambda step's handler time, mean per deployment over the"
          " measured runs (the engine's own transitions and journal writes are the rest):")
    print()
    for key, label in (("nochange", "no change"), ("change", "one resource changed")):
        steps = r["fogbank_%s_step_ms" % key]
        total = sum(steps.values())
        print("- %s: %s; steps together %s." % (label, ", ".join(
            "%s %.1f" % (k, v) for k, v in sorted(steps.items(), key=lambda kv: -kv[1])), ms(total)))
    if "fogbank_nochange_answer_ms" in r:
        print("- the API's share (POST /deployments until its 202, before any step runs): no change %s,"
              " one resource changed %s." % (ms(r["fogbank_nochange_answer_ms"]),
                                             ms(r["fogbank_change_answer_ms"])))
    for key, label in (("nochange", "no change"), ("change", "one resource changed")):
        timeline = r.get("fogbank_%s_timeline_ms" % key)
        if timeline:
            # Mean ms after the POST at which each step started and ended (the engine's transitions
            # and journal writes are the gaps; Notify's span often ends after the benchmark saw the
            # announcement, so it is left out).
            print("- %s, timeline (mean ms after the POST, start-end): %s." % (label, ", ".join(
                "%s %.1f" % (k, v[0]) if v[0] == v[1] else "%s %.1f-%.1f" % (k, v[0], v[1])
                for k, v in timeline.items() if not k.startswith("Notify"))))
    if "api_get_via_guard_ms" in r:
        print("- the request-line guard's loopback hop: `GET /health` %s through the guard, %s straight to"
              " the JDK server behind it (medians of 200, interleaved)." % (
                  ms(r["api_get_via_guard_ms"]), ms(r["api_get_direct_ms"])))
    print("- control-table time in the no-change deployment (DynamoDB Local, embedded; the benchmark's"
          " own polls included): %s." % ", ".join("%s %.1f ms" % (k, v) for k, v in
                                                 sorted(r["fogbank_nochange_table_ms"].items())))
    print()
    print("Requests counted in the last measured run (SDK attempts by an ExecutionInterceptor; control"
          " table by a counting wrapper; `bench:` counts the benchmark's own status reads, none since it"
          " stopped polling):")
    print()
    for key in ("fogbank_nochange_calls", "floor_nochange_calls", "fogbank_change_calls", "floor_change_calls"):
        print("- %s: %s" % (key.replace("_calls", "").replace("_", " "), calls(r[key])))
    callers = r.get("fogbank_nochange_table_callers")
    if callers:
        print()
        print("Control-table requests of the last measured no-change deployment, by the product"
              " method that made them (request <- adapter < caller):")
        print()
        for k, v in sorted(callers.items()):
            print("- %d x %s" % (v, k))
else:
    f, s = r["fogbank"], r["floor"]
    print("## Throughput of the local runtime (no-change deployments, many stacks)")
    print()
    print("%d callers, each deploying its share of %d stacks again and again (no change, so every"
          " deployment runs lock, validate, change set, review, record, release, notify), against the"
          " local runtime in-process on moto_server, %d cores; %d windows of %d s after one warm-up"
          " window; each caller learns of the end from the runtime's own announcement (the Notify"
          " step's `deployment_*` line), without polling: a first run polling every 5 ms measured"
          " 210/min, its polls loading the table more than the deployments did. Floor: the same callers making the same CloudFormation calls directly with the"
          " AWS SDK on the same emulator, right after, for as many windows." % (
              r["clients"], r["stacks"], r["cores"], r["windows"], r["window_seconds"]))
    print()
    print("| measure | fogbank | floor (direct SDK) | ratio | target |")
    print("|---|---|---|---|---|")
    pm, spm = f["per_minute"], s["per_minute"]
    print("| deployments per minute, median window | %.0f | %.0f | %.2fx | >= 300/min (%s) |" % (
        pm["p50"], spm["p50"], pm["p50"] / spm["p50"], "met" if pm["p50"] >= 300 else "**missed**"))
    print("| deployments per minute, slowest 5%% of windows | %.0f | %.0f | %.2fx | |" % (
        pm["p5"], spm["p5"], pm["p5"] / max(spm["p5"], 1e-9)))
    lf, ls = f["latency_ms"], s["latency_ms"]
    print("| latency p50 under that load | %s | %s | %.2fx | |" % (ms(lf["p50"]), ms(ls["p50"]), lf["p50"] / ls["p50"]))
    print("| latency p95 under that load | %s | %s | %.2fx | |" % (ms(lf["p95"]), ms(ls["p95"]), lf["p95"] / ls["p95"]))
    print("| deployments measured | %d | %d | | |" % (f["total"], s["total"]))
    print()
    print("Requests fogbank made over its measured windows: %s." % calls(r["fogbank_calls"]))
print()
print("Command: `%s` (run by `./scripts/bench`)." % command)
