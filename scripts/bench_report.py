#!/usr/bin/env python3
"""Runs every benchmark of a build and writes one JSON file of named metrics.

Google Benchmark binaries (bench_*) run with repetitions; the median of each
benchmark's time and of each user counter is reported. Harness programs
(harness_*) print one JSON object {"metrics": {name: value}} on stdout (they
measure end-to-end things such as latency through the simulator).

usage: bench_report.py BUILD_DIR OUTPUT_JSON
"""
import json
import os
import subprocess
import sys
import time


def run_gbench(path):
    out = subprocess.run(
        [path, "--benchmark_repetitions=5", "--benchmark_report_aggregates_only=true",
         "--benchmark_format=json"],
        check=True, capture_output=True, text=True).stdout
    data = json.loads(out)
    metrics = {}
    for b in data["benchmarks"]:
        if b.get("aggregate_name") != "median":
            continue
        name = b["run_name"].split("/")[0]
        unit = b.get("time_unit", "ns")
        scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[unit]
        metrics[f"{name}_median_ns"] = b["real_time"] * scale
        for k, v in b.items():
            if k.islower() and k.replace("_", "").isalnum() and k.endswith(
                    ("_per_sec", "_ns", "_us", "_ms", "_mb", "_bytes", "_ratio", "_pct")):
                metrics[k] = v
    return metrics


def run_harness(path):
    out = subprocess.run([path], check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])["metrics"]


def main():
    build, output = sys.argv[1], sys.argv[2]
    bench_dir = os.path.join(build, "bench")
    programs = sorted(p for p in os.listdir(bench_dir)
                      if p.startswith(("bench_", "harness_")) and os.access(os.path.join(bench_dir, p), os.X_OK)
                      and os.path.isfile(os.path.join(bench_dir, p)))
    results = {"generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
               "host_cpus": os.cpu_count(), "metrics": {}, "sources": {}}
    for prog in programs:
        path = os.path.join(bench_dir, prog)
        print(f"== {prog}", flush=True)
        metrics = run_gbench(path) if prog.startswith("bench_") else run_harness(path)
        for k, v in metrics.items():
            results["metrics"][k] = v
            results["sources"][k] = prog
    with open(output, "w") as f:
        json.dump(results, f, indent=2, sort_keys=True)
    width = max((len(k) for k in results["metrics"]), default=10)
    print(f"\n{'metric':<{width}}  {'median':>16}  source")
    for k in sorted(results["metrics"]):
        v = results["metrics"][k]
        print(f"{k:<{width}}  {v:>16,.1f}  {results['sources'][k]}")
    print(f"\nwrote {output}")


if __name__ == "__main__":
    main()
