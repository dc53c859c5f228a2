#!/usr/bin/env python3
"""Runs `docpipe run 'fetch.warc path=FILE ! export.jsonl path=-'` RUNS times
pinned to one core and prints MB/s of uncompressed WARC per run, by wall
clock and by the process's own CPU time (user + sys, the steadier figure on a
shared machine), then the medians. Each run gets a fresh working directory,
so the default errors sink never finds an old errors.jsonl."""
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def main():
    docpipe, warc, uncompressed, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    walls, cpus = [], []
    for i in range(runs):
        cwd = tempfile.mkdtemp(prefix="docpipe-bench-warc-run-")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(["taskset", "-c", "0", docpipe, "run", f"fetch.warc path={warc} ! export.jsonl path=-",
                        "--threads", "1", "--progress", "off", "--log-level", "warn"],
                       cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        shutil.rmtree(cwd)
        walls.append(uncompressed / 1e6 / wall)
        cpus.append(uncompressed / 1e6 / cpu)
        print(f"  run {i + 1}: {walls[-1]:7.1f} MB/s wall, {cpus[-1]:7.1f} MB/s CPU")
    print(f"  median: {statistics.median(walls):.1f} MB/s wall, {statistics.median(cpus):.1f} MB/s CPU")


if __name__ == "__main__":
    main()
