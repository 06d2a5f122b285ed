"""cfn-lint parsing a template, in process: the peer figure for fogbank's in-process synthesis.

Usage: python3 bench_cfnlint_parse.py TEMPLATE [runs]
Prints one JSON line: the first parse (imports excluded) and warm p50/p95 over `runs` parses,
after as many warm-up parses. cfn-lint's decoder is what `cfn-lint` runs before any rule.
"""
import json
import sys
import time

from cfnlint.decode import decode_str

path = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 200
with open(path, encoding="utf-8") as f:
    text = f.read()


def parse():
    template, matches = decode_str(text)
    if matches or template is None:
        raise SystemExit(f"cfn-lint could not parse {path}: {matches}")


t0 = time.perf_counter()
parse()
first = (time.perf_counter() - t0) * 1000
for _ in range(runs):
    parse()
samples = []
for _ in range(runs):
    t0 = time.perf_counter()
    parse()
    samples.append((time.perf_counter() - t0) * 1000)
samples.sort()
print(json.dumps({
    "first_ms": round(first, 2),
    "warm_p50_ms": round(samples[len(samples) // 2], 3),
    "warm_p95_ms": round(samples[min(len(samples) - 1, int(len(samples) * 0.95 + 0.999) - 1)], 3),
    "runs": runs,
}))
