#!/usr/bin/env python3
"""policyeval against the plain-Python peer, side by side, as whole processes.

  python3 Benchmarks/peers/bench_peers.py [--sizes 1000,10000,20000,100000] [--runs 5]
      [--binary .build/release/policyeval] [--cpu 0] [--work .build/bench-peers] [--startup 20]

First, start-up: `policyeval --help`, `policyeval validate rhi.yaml` and an empty Python,
--startup runs each, medians.

For each size, a synthetic incident is generated once (gen_incident.py, seed 1, kept in
--work), then the Python peer and `policyeval check --format json --policy rhi.yaml`
(the shipped vocabulary and calendar) are run --runs times each, alternately, pinned
to one core, output to /dev/null. Prints a Markdown table of the medians: wall time,
and processor time (user + system, from wait4), which moves less with other people's
load on a shared machine. Before timing, each size is run once with output kept, and
the two reports' obligation counts are compared (their met/late split may differ where
one return home interview answers several open duties: see rhi_common.py).
Standard library only. Not part of `make test`.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run(argv, stdout):
    """Wall seconds and processor seconds (user + system) of one child process."""
    with open(stdout, "wb") as out:
        start = time.perf_counter()
        p = subprocess.Popen(argv, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - start
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode not in (0, 1):  # policyeval exits 1 when a duty is late or overdue
        sys.exit(f"failed ({p.returncode}): {' '.join(argv)}")
    return wall, usage.ru_utime + usage.ru_stime


def incident(work, n):
    path = os.path.join(work, f"inc-{n}.json")
    meta = path + ".meta"
    if not (os.path.exists(path) and os.path.exists(meta)):
        with open(meta, "wb") as m:
            subprocess.run([sys.executable, os.path.join(HERE, "gen_incident.py"), "--events", str(n), "--out", path],
                           stderr=m, check=True)
    with open(meta) as m:
        return path, json.load(m)["suggested_as_of"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,20000,100000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--binary", default=".build/release/policyeval")
    ap.add_argument("--policies", default="Policies")
    ap.add_argument("--cpu", type=int, default=0, help="the core every run is pinned to")
    ap.add_argument("--work", default=".build/bench-peers")
    ap.add_argument("--startup", type=int, default=20, help="runs of `--help` and `validate rhi.yaml` first (0: none)")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {a.cpu})  # children inherit it: no taskset in the timed command
    if a.startup:
        # What every command pays before its work: process start, arguments, and for
        # `validate` the vocabulary, the calendar and one small rule file.
        print(f"# policyeval start-up (whole process, core {a.cpu}, medians of {a.startup})\n")
        print("| command | wall | CPU |")
        print("| --- | --- | --- |")
        for argv in ([a.binary, "--help"], [a.binary, "validate", os.path.join(HERE, "rhi.yaml"), "--policies", a.policies],
                     [sys.executable, "-c", "pass"]):
            run(argv, os.devnull)
            times = [run(argv, os.devnull) for _ in range(a.startup)]
            name = " ".join(os.path.basename(x) if x.startswith("/") else x for x in argv)
            print(f"| {name} | {statistics.median(w for w, _ in times) * 1e3:.1f} ms | {statistics.median(c for _, c in times) * 1e3:.1f} ms |")
        print()
    print(f"# policyeval against the plain-Python peer (whole process, core {a.cpu}, medians of {a.runs})\n")
    print("| events | incident | policyeval | Python | Python / policyeval | policyeval CPU | Python CPU | CPU ratio | obligations |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for n in [int(s) for s in a.sizes.split(",")]:
        path, as_of = incident(a.work, n)
        ours = [a.binary, "check", path, "--policy", os.path.join(HERE, "rhi.yaml"), "--policies", a.policies,
                "--as-of", as_of, "--format", "json"]
        peer = [sys.executable, os.path.join(HERE, "peer_python.py"), path, "--as-of", as_of]
        kept = {}
        for name, argv in (("ours", ours), ("peer", peer)):
            out = os.path.join(a.work, f"report-{name}-{n}.json")
            run(argv, out)  # also warms the page cache
            with open(out) as f:
                kept[name] = len(json.load(f)["obligations"])
        samples = {"ours": [], "peer": []}
        for _ in range(a.runs):
            for name, argv in (("ours", ours), ("peer", peer)):
                samples[name].append(run(argv, os.devnull))
        med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in samples.items()}
        agree = str(kept["ours"]) if kept["ours"] == kept["peer"] else f"{kept['ours']} vs {kept['peer']} (differ)"
        print(f"| {n:,} | {os.path.getsize(path) / 1e6:.1f} MB | {med['ours'][0] * 1e3:.1f} ms | {med['peer'][0] * 1e3:.0f} ms "
              f"| {med['peer'][0] / med['ours'][0]:.1f}x | {med['ours'][1] * 1e3:.1f} ms | {med['peer'][1] * 1e3:.0f} ms "
              f"| {med['peer'][1] / max(med['ours'][1], 1e-4):.1f}x | {agree} |", flush=True)


if __name__ == "__main__":
    main()
