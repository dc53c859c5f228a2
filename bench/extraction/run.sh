#!/usr/bin/env bash
# Main-content extraction quality and speed of clean.html, in one command:
#
#   bench/extraction/run.sh [BUILD_DIR] [DATA_DIR] [-- extra clean.html params]
#
# BUILD_DIR defaults to build; DATA_DIR (html/<id>.html.gz + gold.jsonl)
# to ${DOCPIPE_DATA:-<repo>/../shared/data}/extraction-dev. A DATA_DIR with
# gold.jsonl.gz instead (WCXB) is scored with score_wcxb.py: per page type,
# dropped pages and metadata exact-match rates. Runs the real CLI single-threaded on
# one core (taskset -c 0, --threads 1):
#   fetch.files (reads the .html.gz itself) ! clean.html ! export.jsonl
# then scores the output with score.py and prints F1, precision, recall,
# pages/s (clean.html's own time from --stats, and the whole run's wall
# time, and the process's CPU time, which a loaded machine disturbs less)
# and the run's peak RSS (/usr/bin/time %M). Extra arguments after
# `--` are clean.html parameters (e.g. `-- favor=precision`).
# Set WORST=N to list the N pages that lose most.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-build}" && pwd)
data_root=${DOCPIPE_DATA:-$(git -C "$here" rev-parse --show-toplevel)/../shared/data}
data=${2:-$data_root/extraction-dev}
shift $(( $# > 2 ? 2 : $# ))
[ "${1:-}" = "--" ] && shift
extra="$*"
work=$(mktemp -d "${TMPDIR:-/tmp}/docpipe-bench-extraction.XXXXXX")
trap 'rm -rf "$work"' EXIT

pages=$(ls "$data/html" | wc -l)
fields=id,text,metadata
[ -f "$data/gold.jsonl.gz" ] && fields=id,text,metadata
/usr/bin/time -f "%M %U %S" -o "$work/rusage" \
  taskset -c 0 "$build/bin/docpipe" run --threads 1 --progress off \
    --plugin-path "$build/lib/docpipe/plugins" --stats "$work/stats.json" \
    "fetch.files path=$data/html ! clean.html $extra ! export.jsonl path=$work/out.jsonl fields=$fields" \
    2> "$work/log" || { cat "$work/log" >&2; exit 1; }

if [ -f "$data/gold.jsonl.gz" ]; then
  python3 "$here/score_wcxb.py" "$data/gold.jsonl.gz" "$work/out.jsonl" ${WORST:+--worst "$WORST"}
else
  python3 "$here/score.py" "$data/gold.jsonl" "$work/out.jsonl" ${WORST:+--worst "$WORST"}
fi
[ -n "${KEEP_OUTPUT:-}" ] && cp "$work/out.jsonl" "$KEEP_OUTPUT"
python3 - "$work/stats.json" "$work/rusage" "$pages" <<'PY'
import json, sys
stats = json.load(open(sys.argv[1]))
rss_kib, user_s, sys_s = open(sys.argv[2]).read().split()[-3:]
rss_kib, cpu_s = int(rss_kib), float(user_s) + float(sys_s)
pages = int(sys.argv[3])
clean = sum(e["seconds"] for e in stats["elements"] if e["plugin"] == "clean.html")
docs = stats["documents"]
print(f"documents  read {docs['read']}, ok {docs['ok']}, dropped {docs['dropped']}, failed {docs['failed']}")
print(f"pages/s    {pages / clean:.0f} (clean.html: decode+parse+extract, {clean * 1000:.1f} ms)")
print(f"pages/s    {pages / stats['wall_seconds']:.0f} (whole run, wall clock, {stats['wall_seconds'] * 1000:.1f} ms)")
print(f"pages/s    {pages / cpu_s:.0f} (whole run, process CPU time user+sys, {cpu_s * 1000:.0f} ms;"
      " includes gunzip, startup, export)")
print(f"peak RSS   {rss_kib / 1024:.1f} MiB (single-threaded run)")
PY
