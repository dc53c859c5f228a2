#!/usr/bin/env bash
# The path of a third-party plugin author, end to end: install docpipe into a
# temporary prefix, build examples/plugin-template (C++) and examples/c-plugin
# (C) against that prefix from outside the tree, run their own tests, install
# them, and run both inside a pipeline of the installed CLI.
#
#   install_and_build_examples.sh --build-dir DIR [--config C] [--generator G]
#       [--c-compiler CC] [--cxx-compiler CXX] [--c-flags F] [--cxx-flags F]
#       [--compiler-launcher L] [--python PY]
#
# ctest passes all of these (tests/install/CMakeLists.txt). Set
# DOCPIPE_KEEP_TMP=1 to keep the temporary directory for a look after a failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source_dir="$(cd "$here/../.." && pwd)"

build_dir="" config="" generator="Ninja" c_compiler="" cxx_compiler=""
c_flags="" cxx_flags="" launcher="" python="python3"
while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || { echo "install test: $1 needs a value" >&2; exit 2; }
  case "$1" in
    --build-dir) build_dir="$2" ;;
    --config) config="$2" ;;
    --generator) generator="$2" ;;
    --c-compiler) c_compiler="$2" ;;
    --cxx-compiler) cxx_compiler="$2" ;;
    --c-flags) c_flags="$2" ;;
    --cxx-flags) cxx_flags="$2" ;;
    --compiler-launcher) launcher="$2" ;;
    --python) python="$2" ;;
    *) echo "install test: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
[ -n "$build_dir" ] || { echo "install test: --build-dir is required" >&2; exit 2; }
[ -f "$build_dir/CMakeCache.txt" ] || { echo "install test: $build_dir is not a CMake build dir" >&2; exit 2; }

fail() {
  echo "install test: FAIL: $*" >&2
  exit 1
}
step() { echo "==> $*"; }

# Runs a command quietly, showing its output only when it fails.
run_logged() {
  local log="$1"
  shift
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    fail "command failed: $*"
  fi
}

tmp="$(mktemp -d "${TMPDIR:-/tmp}/docpipe-install-test.XXXXXX")"
cleanup() {
  if [ "${DOCPIPE_KEEP_TMP:-0}" = 1 ]; then
    echo "install test: kept $tmp"
  else
    rm -rf "$tmp"
  fi
}
trap cleanup EXIT

# Only the directories this test names may supply plugins.
unset DOCPIPE_PLUGIN_PATH

prefix="$tmp/prefix"
docpipe="$prefix/bin/docpipe"

step "installing $build_dir into $prefix"
run_logged "$tmp/install.log" cmake --install "$build_dir" --prefix "$prefix" ${config:+--config "$config"}
[ -x "$docpipe" ] || fail "no executable $docpipe after install"
for header in plugin.h plugin.hpp; do
  [ -f "$prefix/include/docpipe/$header" ] || fail "no $prefix/include/docpipe/$header after install"
done
compgen -G "$prefix/lib*/cmake/docpipe/docpipeConfig.cmake" >/dev/null ||
  fail "no docpipeConfig.cmake under $prefix/lib*/cmake/docpipe"

# Configures and builds one example from its source folder into $tmp, with
# the compiler and flags of the docpipe build (sanitizers included).
build_example() {
  local name="$1" lang="$2"
  local build="$tmp/build-$name"
  local args=(-S "$source_dir/examples/$name" -B "$build" -G "$generator"
              -DCMAKE_PREFIX_PATH="$prefix")
  if [ -n "$config" ]; then args+=(-DCMAKE_BUILD_TYPE="$config"); fi
  local compiler="$cxx_compiler" flags="$cxx_flags"
  if [ "$lang" = C ]; then compiler="$c_compiler" flags="$c_flags"; fi
  args+=(-DCMAKE_"$lang"_FLAGS="$flags")
  if [ -n "$compiler" ]; then args+=(-DCMAKE_"$lang"_COMPILER="$compiler"); fi
  if [ -n "$launcher" ]; then args+=(-DCMAKE_"$lang"_COMPILER_LAUNCHER="$launcher"); fi
  step "configuring examples/$name ($lang) in $build"
  run_logged "$tmp/configure-$name.log" cmake "${args[@]}"
  # A docpipe installed system-wide must not stand in for the one under test.
  local found
  found="$(sed -n 's/^docpipe_DIR:PATH=//p' "$build/CMakeCache.txt")"
  case "$found" in
    "$prefix"/*) ;;
    *) fail "examples/$name found docpipe in '$found', not under $prefix" ;;
  esac
  step "building examples/$name"
  run_logged "$tmp/build-$name.log" cmake --build "$build" -j2
}

# A plugin must export the ABI tag and the entry function, and nothing else.
check_exports() {
  local so="$1" exported
  [ -f "$so" ] || fail "no plugin library $so"
  exported="$(nm -D --defined-only "$so" | awk '{print $NF}' | sort | tr '\n' ' ')"
  [ "$exported" = "docpipe_plugin_abi docpipe_plugin_entry_v1 " ] ||
    fail "$so exports [$exported], expected [docpipe_plugin_abi docpipe_plugin_entry_v1]"
}

build_example plugin-template CXX
build_example c-plugin C
template_so="$tmp/build-plugin-template/docpipe-filter-length.so"
c_so="$tmp/build-c-plugin/docpipe-text-stats.so"
check_exports "$template_so"
check_exports "$c_so"

# The examples' own tests; the template's run the installed CLI as well.
for name in plugin-template c-plugin; do
  step "running the tests of examples/$name"
  run_logged "$tmp/ctest-$name.log" ctest --test-dir "$tmp/build-$name" --output-on-failure --no-tests=error
  tail -n 3 "$tmp/ctest-$name.log" | head -n 1
done

step "installing the examples into $tmp/plugins-prefix"
for name in plugin-template c-plugin; do
  run_logged "$tmp/install-$name.log" cmake --install "$tmp/build-$name" --prefix "$tmp/plugins-prefix"
done
installed_dir="$tmp/plugins-prefix/lib/docpipe/plugins"
for so in docpipe-filter-length.so docpipe-text-stats.so; do
  [ -f "$installed_dir/$so" ] || fail "cmake --install did not put $so in $installed_dir"
done

step "listing plugins with DOCPIPE_PLUGIN_PATH=$installed_dir"
DOCPIPE_PLUGIN_PATH="$installed_dir" "$docpipe" plugins --json >"$tmp/plugins.json" 2>"$tmp/plugins.err" ||
  { status=$?; cat "$tmp/plugins.err" >&2; fail "docpipe plugins --json exited with $status"; }
for id in filter.length text.stats; do
  "$docpipe" describe "$id" --json --plugin-path "$installed_dir" >"$tmp/describe-$id.json" 2>"$tmp/describe.err" ||
    { status=$?; cat "$tmp/describe.err" >&2; fail "docpipe describe $id exited with $status"; }
done

step "running both plugins in a pipeline of the installed CLI"
data="$here/data"
out="$tmp/out.jsonl"
pipeline="fetch.files path='$data' ! clean.html ! filter.length min_chars=60 ! text.stats ! export.jsonl path='$out' overwrite=true"
set +e
"$docpipe" run "$pipeline" --threads 2 --log-level debug --stats "$tmp/stats.json" \
  --plugin-path "$tmp/build-plugin-template" --plugin-path "$tmp/build-c-plugin" \
  >"$tmp/run.out" 2>"$tmp/run.err"
status=$?
set -e
if [ "$status" -ne 0 ]; then
  cat "$tmp/run.out" "$tmp/run.err" >&2
  fail "docpipe run '$pipeline' exited with $status"
fi

step "checking the output"
"$python" "$here/check_pipeline_output.py" \
  --output "$out" --stats "$tmp/stats.json" --log "$tmp/run.err" \
  --plugins "$tmp/plugins.json" --installed-dir "$installed_dir" \
  --describe-filter "$tmp/describe-filter.length.json" --describe-stats "$tmp/describe-text.stats.json" ||
  fail "the pipeline output is wrong (see above)"

echo "install test: examples built against the installed SDK and ran in a pipeline"
