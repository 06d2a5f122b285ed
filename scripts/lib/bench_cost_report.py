#!/usr/bin/env python3
"""Prices the work counted by WaitDesignBenchmark and DeploymentBenchmark (overhead) per deployment.

Counts come from the runs; only the prices and the billing rules below are written here.
"""
import json
import re
import sys

designs = json.loads(sys.argv[1])
overhead = json.load(open(sys.argv[2]))
functions_src = open(sys.argv[3]).read()
command = sys.argv[4]

# AWS public prices, us-east-1, on-demand, as published on aws.amazon.com/<service>/pricing
# (last read 2024-11 after DynamoDB's on-demand cut of 2024-11-01; not re-read from this machine,
# which has no internet access).
PRICES_AS_OF = "2024-11 (us-east-1)"
SFN_TRANSITION = 0.025 / 1000           # Step Functions Standard, per state transition
LAMBDA_GB_S = 0.0000166667              # Lambda x86, per GB-second (first tier)
LAMBDA_REQUEST = 0.20 / 1_000_000       # Lambda, per request
DDB_WRU = 0.625 / 1_000_000             # DynamoDB on-demand, per write request unit
DDB_RRU = 0.125 / 1_000_000             # DynamoDB on-demand, per read request unit
SNS_PUBLISH = 0.50 / 1_000_000          # SNS standard topic, per publish (64 KB chunk)
S3_PUT = 0.005 / 1000                   # S3 Standard PUT
HTTP_API = 1.00 / 1_000_000             # API Gateway HTTP API, per request (first 300M)

# Handler class of each state's function and its MemorySize, read from ControlPlaneFunction.java.
memory = {m.group(1): int(m.group(2)) for m in
          re.finditer(r'"dev\.fogbank\.functions\.[a-z]+\.(\w+)Handler",\s*(\d+),', functions_src)}
handler_of = {"Validate": "ValidateTemplate"}

steps_ms = overhead["fogbank_change_step_ms"]          # mean handler ms per deployment, by state
invocations_local = overhead["fogbank_change_invocations"]
calls = overhead["fogbank_change_calls"]
per_poll = overhead["table_per_poll"]
polls = calls.get("bench:GET /deployments/{id} polls (1 GetItem each)", 0)


def table_units():
    """Read and write units of the deployment's own control-table requests (polls taken off)."""
    reads = writes = 0
    for op, n in calls.items():
        if not op.startswith("DynamoDB:"):
            continue
        n -= polls * per_poll.get(op, 0)
        name = op.split(":", 1)[1]
        if name in ("GetItem", "Query", "BatchGetItem"):
            reads += n
        elif name == "TransactWriteItems":
            writes += 3 * 2 * n   # the history append: record, id claim, stack index; 2 units each in a transaction
        else:
            writes += n
    return reads, writes


def price(design):
    d = designs[design]
    inv = d["invocations"]
    lambda_usd = 0.0
    gb_s = 0.0
    count = 0
    for fn, n in inv.items():
        state = fn
        per_call_ms = steps_ms.get(state, 0.0) / max(invocations_local.get(state, 1), 1)
        mem = memory.get(handler_of.get(state, state), 512)
        gb_s += n * (mem / 1024.0) * (max(1.0, round(per_call_ms + 0.5)) / 1000.0)
        count += n
    # The stack-events function, per status event of an update (UPDATE_IN_PROGRESS,
    # UPDATE_COMPLETE_CLEANUP_IN_PROGRESS, UPDATE_COMPLETE); only the task-token design has it.
    events = 3 if "WaitForStack" in inv else 0
    if events:
        per_call_ms = steps_ms.get("CheckStack", 0.0) / max(invocations_local.get("CheckStack", 1), 1)
        gb_s += events * (memory.get("StackEvents", 512) / 1024.0) * (max(1.0, round(per_call_ms + 0.5)) / 1000.0)
        count += events
    lambda_usd = gb_s * LAMBDA_GB_S + count * LAMBDA_REQUEST
    reads, writes = table_units()
    writes += (events - 1) if events else 0   # each in-progress event's claim (1 PutItem)
    sfn = d["transitions"] * SFN_TRANSITION
    ddb = reads * DDB_RRU + writes * DDB_WRU
    sns = inv.get("Notify", 0) * SNS_PUBLISH
    s3 = 1 * S3_PUT
    api = 1 * HTTP_API
    total = sfn + lambda_usd + ddb + sns + s3 + api
    return dict(transitions=d["transitions"], invocations=count, gb_s=gb_s, reads=reads,
                writes=writes, sfn=sfn, lam=lambda_usd, ddb=ddb, sns=sns, s3=s3, api=api,
                total=total, publishes=inv.get("Notify", 0))


rows = [("event", "task token, resumed by the stack's status event (deploy.asl.json today)"),
        ("poll2s", "polling every 2 s"), ("poll30s", "polling every 30 s")]
priced = {k: price(k) for k, _ in rows}
print("## Cost per deployment on AWS")
print()
print("A deployment whose stack takes %d minutes to update, priced at AWS's public on-demand prices"
      " (%s): Step Functions Standard $0.025 per 1,000 state transitions; Lambda $0.0000166667 per"
      " GB-second and $0.20 per million requests; DynamoDB on-demand $0.625 per million write and"
      " $0.125 per million read request units; SNS $0.50 per million publishes; S3 $0.005 per 1,000"
      " PUTs; API Gateway HTTP API $1.00 per million requests. Free tiers left out."
      % (designs["stackTakesSeconds"] // 60, PRICES_AS_OF))
print()
print("| design | transitions | Lambda invocations | Lambda GB-s | table reads / writes (units) | Step Functions | Lambda | DynamoDB | SNS + S3 + API | **total** | target |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
for key, label in rows:
    p = priced[key]
    target = ("<= $0.0005 (%s)" % ("met" if p["total"] <= 0.0005 else "**missed**")) if key == "event" else ""
    print("| %s | %d | %d | %.3f | %d / %d | $%.6f | $%.6f | $%.6f | $%.6f | **$%.6f** | %s |" % (
        label, p["transitions"], p["invocations"], p["gb_s"], p["reads"], p["writes"], p["sfn"],
        p["lam"], p["ddb"], p["sns"] + p["s3"] + p["api"], p["total"], target))
e = priced["event"]
print()
print("Ratio to the task-token design: 2 s polling %.1fx, 30 s polling %.1fx."
      % (priced["poll2s"]["total"] / e["total"], priced["poll30s"]["total"] / e["total"]))
print()
print("Where the counts come from (all from runs, none written by hand):")
print()
print("- State transitions and Lambda invocations per function: `WaitDesignBenchmark` runs"
      " `deploy.asl.json` on the local ASL engine on simulated time, the stack settling at 10"
      " minutes: as it is (WaitForStack's task token resumed by the status event), and with"
      " WaitForStack replaced by a 2 s or 30 s Wait looping through CheckStack and StackSettled."
      " Invocations by function: %s (task token); CheckStack %d (2 s), %d (30 s)."
      % (", ".join("%s %d" % kv for kv in sorted(designs["event"]["invocations"].items())),
         designs["poll2s"]["invocations"].get("CheckStack", 0),
         designs["poll30s"]["invocations"].get("CheckStack", 0)))
print("- Lambda duration: each step handler's mean time per invocation in the real one-change"
      " deployments of `bench-deploy.sh overhead` (local runtime, moto, DynamoDB Local on a loaded"
      " machine, so an upper bound; handler time"
      " only, warm, rounded up to the next ms as Lambda bills), times the function's MemorySize from"
      " `ControlPlaneFunction`. The stack-events function gets 3 invocations (CloudFormation's"
      " status events of an update: UPDATE_IN_PROGRESS, UPDATE_COMPLETE_CLEANUP_IN_PROGRESS,"
      " UPDATE_COMPLETE; its rule takes every status change) at CheckStack's measured time: this"
      " count is CloudFormation's documented sequence, not counted locally (locally one settled"
      " status is fed to the same intake).")
print("- Control table: the requests of the same real deployment, counted by a wrapper on the"
      " table client, less the benchmark's own status polls (%d polls x %s); GetItem is 1 read"
      " unit (items under 4 KB), a put/update/delete 1 write unit (items under 1 KB), the history"
      " append's TransactWriteItems 3 items (record, id claim, stack index) x 2 units; each in-progress status event adds its claim"
      " (1 PutItem). SNS: one publish per Notify invocation. S3: the API's one PutObject of the"
      " template to the artifacts bucket (AWS only; locally a file). One HTTP API request."
      % (polls, ", ".join("%s %d" % kv for kv in sorted(per_poll.items()))))
print("- Not counted: CloudFormation (free for AWS resource types), EventBridge (AWS service events"
      " to the default bus are free), CloudWatch Logs ingestion of the functions' log lines, cold"
      " starts (a cold step pays its init on top), KMS, data transfer.")
print()
print("Command: `%s` (run by `./scripts/bench`, after `bench-deploy.sh overhead`)." % command)
