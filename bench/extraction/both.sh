#!/usr/bin/env bash
# Both extraction sets in one command: extraction-dev (news and blog
# articles, shingle F1/P/R) and WCXB dev (seven page types: the per-type
# table, P/R/F1, dropped pages, metadata exact-match rates).
#
#   bench/extraction/both.sh [BUILD_DIR] [-- extra clean.html params]
#
# Data from ${DOCPIPE_DATA:-<repo>/../shared/data}. WORST=N lists the N
# worst pages of each set.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
shift $(( $# > 0 ? 1 : 0 ))
data_root=${DOCPIPE_DATA:-$(git -C "$here" rev-parse --show-toplevel)/../shared/data}
echo "== extraction-dev"
"$here/run.sh" "$build" "$data_root/extraction-dev" "$@"
echo "== extraction-wcxb-dev"
"$here/run.sh" "$build" "$data_root/extraction-wcxb-dev" "$@"
