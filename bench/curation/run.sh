#!/bin/sh
# Curation benchmark: builds the near-duplicate corpus, runs dedup.minhash's signatures and
# stages on it, prints the recall/precision tables, then the speed of signatures and of
# filter.quality beside the Python reference MinHash, measured in the same run.
#   DOCPIPE_DATA=/path/to/shared/data BUILD=build bench/curation/run.sh
set -eu
root=$(git rev-parse --show-toplevel)
data=${DOCPIPE_DATA:-$root/../shared/data}
build=${BUILD:-$root/build}
work=${WORK:-$(mktemp -d)}
here=$root/bench/curation
python3 "$here/near_dup_bench.py" build --data "$data" --corpus "$work/corpus.bin" --truth "$work/truth.json"
"$build/bin/curation_bench" quality "$work/corpus.bin" "$work/dedup" > "$work/reported.tsv"
python3 "$here/near_dup_bench.py" evaluate --corpus "$work/corpus.bin" --truth "$work/truth.json" --reported "$work/reported.tsv"
echo
taskset -c 0 "$build/bin/curation_bench" speed "$work/corpus.bin" "${REPS:-5}"
taskset -c 0 python3 "$here/near_dup_bench.py" python-speed --corpus "$work/corpus.bin" --bytes "${PY_BYTES:-500000}"
echo "work files: $work"
