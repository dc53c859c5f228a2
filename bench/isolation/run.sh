#!/usr/bin/env bash
# What isolated workers cost, measured side by side on one machine:
#
#   bench/isolation/run.sh [BUILD_DIR]
#
# 1. Throughput: `fetch.files ! clean.html ! export.jsonl` over the
#    extraction dev pages (each page REPEAT times, under distinct names, so a
#    run lasts long enough to measure), in-process and with --isolation
#    process at the same --threads, alternating PAIRS pairs (the order flips
#    every pair so a drifting machine load favours neither). Prints the
#    median of the per-pair ratios process/in-process of documents per second
#    (from --stats wall time) and the best of each mode.
# 2. The cost of a worker crash: the same pipeline with test.segfault after
#    clean.html, crashing on every EVERY-th page (K crashes) against the same
#    pipeline with no crash, both isolated, alternated PAIRS times; prints
#    the median of (wall with K crashes - wall without) / K.
# 3. Host RSS: peak_rss_host_bytes (--stats) of isolated runs over 1x and
#    REPEATx the pages: flat when the parent does not grow per document.
#
# Environment: DOCPIPE_DATA (default <repo>/../shared/data), THREADS (2),
# PAIRS (5), REPEAT (10), EVERY (100). Needs the docpipe, clean-html,
# fetch-files, export-jsonl and test-misbehaving targets built.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$repo/build}" && pwd)
data=${DOCPIPE_DATA:-$repo/../shared/data}
pages_dir=$data/extraction-dev/html
threads=${THREADS:-2}
pairs=${PAIRS:-5}
repeat=${REPEAT:-10}
every=${EVERY:-100}
[ -d "$pages_dir" ] || { echo "no pages in $pages_dir (set DOCPIPE_DATA)" >&2; exit 1; }
[ -x "$build/bin/docpipe" ] || { echo "no $build/bin/docpipe; build it first" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/docpipe-bench-isolation.XXXXXX")
trap 'rm -rf "$work"' EXIT

# REPEAT copies of every page as symlinks with distinct names (distinct ids).
mkdir -p "$work/pages" "$work/once"
for f in "$pages_dir"/*; do ln -s "$f" "$work/once/$(basename "$f")"; done
for ((r = 0; r < repeat; r++)); do
  for f in "$pages_dir"/*; do ln -s "$f" "$work/pages/r$r-$(basename "$f")"; done
done

# run NAME PAGES_DIR ISOLATION [EXTRA_STAGE]: one run; its --stats in $work/NAME.json.
run() {
  local name=$1 pages=$2 isolation=$3 extra=${4:-}
  rm -f "$work/$name.out.jsonl" "$work/errors.jsonl"
  "$build/bin/docpipe" run --threads "$threads" --progress off --max-failed 1000000 \
    --plugin-path "$build/tests/plugins" --isolation "$isolation" --stats "$work/$name.json" \
    "fetch.files path=$pages ! clean.html $extra ! export.jsonl path=$work/$name.out.jsonl fields=id,text" \
    2> "$work/$name.log" || {
    local rc=$?
    # 3 is "more failures than --max-failed": never here, so any code but 0 is a broken run.
    echo "run $name ($isolation) failed with exit $rc:" >&2
    tail -20 "$work/$name.log" >&2
    exit 1
  }
}

echo "throughput: $pairs pairs, --threads $threads, $(ls "$work/pages" | wc -l) pages a run" >&2
for ((i = 0; i < pairs; i++)); do
  if ((i % 2 == 0)); then order="none process"; else order="process none"; fi
  for mode in $order; do
    run "tp-$i-$mode" "$work/pages" "$mode"
  done
done

echo "crash cost: $pairs pairs, a crash every $every pages" >&2
for ((i = 0; i < pairs; i++)); do
  if ((i % 2 == 0)); then order="crash calm"; else order="calm crash"; fi
  for kind in $order; do
    if [ "$kind" = crash ]; then stage="! test.segfault every=$every"; else stage="! test.segfault"; fi
    run "cc-$i-$kind" "$work/pages" process "$stage"
  done
done

echo "host RSS: 1x and ${repeat}x the pages, isolated" >&2
run rss-1x "$work/once" process
run rss-nx "$work/pages" process

python3 - "$work" "$pairs" "$repeat" <<'PY'
import json, statistics, sys
work, pairs, repeat = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def stats(name):
    return json.load(open(f"{work}/{name}.json"))
def rate(s):
    return s["documents"]["read"] / s["wall_seconds"]
def member(s, key):
    v = s.get(key, s["documents"].get(key))
    return v

ratios, rate_in, rate_proc = [], [], []
for i in range(pairs):
    a, b = stats(f"tp-{i}-none"), stats(f"tp-{i}-process")
    rate_in.append(rate(a)); rate_proc.append(rate(b))
    ratios.append(rate(b) / rate(a))
print(f"throughput process/in-process: median of {pairs} per-pair ratios {statistics.median(ratios):.3f}"
      f" (pairs: {', '.join(f'{r:.3f}' for r in ratios)})")
print(f"  in-process docs/s: best {max(rate_in):.0f}, median {statistics.median(rate_in):.0f}")
print(f"  process    docs/s: best {max(rate_proc):.0f}, median {statistics.median(rate_proc):.0f}")

costs = []
for i in range(pairs):
    crash, calm = stats(f"cc-{i}-crash"), stats(f"cc-{i}-calm")
    k = (crash.get("results") or crash["documents"].get("results") or {}).get("crash", 0)
    if k == 0:
        sys.exit(f"pair {i}: no crash was counted; results: {crash.get('results')}")
    costs.append((crash["wall_seconds"] - calm["wall_seconds"]) / k)
    restarts = member(crash, "worker_restarts")
print(f"worker crash cost: median {statistics.median(costs) * 1000:.1f} ms a crash over {pairs} pairs"
      f" ({k} crashes a run, worker_restarts {restarts}; pairs: {', '.join(f'{c * 1000:.1f}' for c in costs)} ms)")

one, many = stats("rss-1x"), stats("rss-nx")
h1, hn = member(one, "peak_rss_host_bytes"), member(many, "peak_rss_host_bytes")
w1, wn = member(one, "peak_rss_workers_bytes"), member(many, "peak_rss_workers_bytes")
mib = lambda b: f"{b / 2**20:.1f} MiB" if isinstance(b, (int, float)) else "n/a"
print(f"host peak RSS, isolated: {mib(h1)} over {one['documents']['read']} pages,"
      f" {mib(hn)} over {many['documents']['read']} pages ({repeat}x); workers' peak {mib(w1)} / {mib(wn)}")
PY
