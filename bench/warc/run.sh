#!/usr/bin/env bash
# fetch.warc reading throughput: MB/s of uncompressed WARC on one core, with
# no stages after the source (fetch.warc ! export.jsonl to /dev/null; the
# JSONL sink writes only ids and metadata since nothing extracts text).
#
#   bench/warc/run.sh [BUILD_DIR] [SIZE_MB] [RUNS]     (defaults: build 300 5)
#
# The WARC is generated (not committed) under ${TMPDIR:-/tmp}/docpipe-bench-warc
# and reused while its size matches. Prints each run and the medians (wall
# clock, and the process's own CPU time).
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
size_mb=${2:-300}
runs=${3:-5}
here=$(cd "$(dirname "$0")" && pwd)
work=${TMPDIR:-/tmp}/docpipe-bench-warc
mkdir -p "$work"
plain=$work/bench-${size_mb}mb.warc
packed=$work/bench-${size_mb}mb.warc.gz
[ -s "$plain" ] || python3 "$here/gen_warc.py" "$plain" --size-mb "$size_mb"
[ -s "$packed" ] || python3 "$here/gen_warc.py" "$packed" --size-mb "$size_mb" --gzip
bytes=$(stat -c %s "$plain")

echo "fetch.warc, plain WARC ($bytes bytes uncompressed), one core:"
python3 "$here/measure.py" "$build/bin/docpipe" "$plain" "$bytes" "$runs"
echo "fetch.warc, per-record gzip ($(stat -c %s "$packed") bytes on disk, same records), one core:"
python3 "$here/measure.py" "$build/bin/docpipe" "$packed" "$bytes" "$runs"
