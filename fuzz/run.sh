#!/usr/bin/env bash
# Runs the fuzz targets built by `make fuzz`.
#   fuzz/run.sh runs N [target...]      each target for N executions (a smoke run)
#   fuzz/run.sh seconds S [target...]   each target for S seconds (a campaign)
# Each target reads its checked-in seeds (fuzz/corpus/<target>, never written)
# and grows a working corpus in $FUZZ_BUILD/corpus/<target>; a crash is saved
# as $FUZZ_BUILD/artifacts/<target>/crash-* and the script exits non-zero.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${FUZZ_BUILD:-$here/../build-fuzz}
mode=${1:?usage: run.sh runs N|seconds S [target...]}
amount=${2:?usage: run.sh runs N|seconds S [target...]}
shift 2
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(warc_reader jsonl_reader pipeline_xml pipeline_inline env_expand)
fi
case $mode in
  runs) limit=(-runs="$amount") ;;
  seconds) limit=(-max_total_time="$amount") ;;
  *) echo "run.sh: mode is runs or seconds, not $mode" >&2; exit 2 ;;
esac
status=0
for t in "${targets[@]}"; do
  exe=$build/fuzz/${t}_fuzzer
  [ -x "$exe" ] || { echo "run.sh: $exe missing; run 'make fuzz' first" >&2; exit 2; }
  mkdir -p "$build/corpus/$t" "$build/artifacts/$t"
  dict=()
  [ -f "$here/dict/$t.dict" ] && dict=(-dict="$here/dict/$t.dict")
  echo "== $t (${mode} ${amount})"
  # -rss_limit_mb bounds memory as the plugins' limits promise; -timeout flags a hang.
  if ! ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
       UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
       "$exe" "${limit[@]}" "${dict[@]}" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
       -print_final_stats=1 -artifact_prefix="$build/artifacts/$t/" \
       "$build/corpus/$t" "$here/corpus/$t"; then
    status=1
  fi
done
exit $status
