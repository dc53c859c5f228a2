#!/usr/bin/env bash
# Speed of clean.html in two builds, measured so that a noisy machine
# cancels out: runs alternate (A B, then B A, ...) and the median of the
# per-pair ratios is printed beside each build's median and best.
#
#   bench/extraction/compare.sh BUILD_A BUILD_B [PAIRS] [DATA_DIR]
#
# PAIRS defaults to 10, DATA_DIR to /work/shared/data/extraction-dev. Each
# run is the one of run.sh (taskset -c 0, --threads 1, fetch.files !
# clean.html ! export.jsonl) and counts clean.html's own time from --stats.
set -euo pipefail
a=$(cd "$1" && pwd)
b=$(cd "$2" && pwd)
pairs=${3:-10}
data=${4:-/work/shared/data/extraction-dev}
work=$(mktemp -d "${TMPDIR:-/tmp}/docpipe-bench-compare.XXXXXX")
trap 'rm -rf "$work"' EXIT
pages=$(ls "$data/html" | wc -l)

pages_per_second() {
  taskset -c 0 "$1/bin/docpipe" run --threads 1 --progress off \
    --plugin-path "$1/lib/docpipe/plugins" --stats "$work/stats.json" \
    "fetch.files path=$data/html ! clean.html ! export.jsonl path=$work/out.jsonl overwrite=true fields=id,text" \
    2> "$work/log" || { cat "$work/log" >&2; exit 1; }
  python3 -c "
import json, sys
stats = json.load(open(sys.argv[1]))
print($pages / sum(e['seconds'] for e in stats['elements'] if e['plugin'] == 'clean.html'))
" "$work/stats.json"
}

for ((i = 0; i < pairs; ++i)); do
  if ((i % 2 == 0)); then
    x=$(pages_per_second "$a"); y=$(pages_per_second "$b")
  else
    y=$(pages_per_second "$b"); x=$(pages_per_second "$a")
  fi
  echo "$x $y"
done | python3 -c "
import statistics, sys
rows = [tuple(map(float, line.split())) for line in sys.stdin]
for name, i in (('A', 0), ('B', 1)):
    runs = [r[i] for r in rows]
    print(f'{name} pages/s  median {statistics.median(runs):.0f}  best {max(runs):.0f}  runs ' +
          ' '.join(f'{v:.0f}' for v in runs))
print(f'B/A        median of the per-pair ratios {statistics.median(r[1] / r[0] for r in rows):.3f}')
"
