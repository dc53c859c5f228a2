# The README's two commands:
#   make run   install the Debian packages, build (Release), run the quickstart
#   make test  install, build, run every test with ctest; then the same tests
#              again in an AddressSanitizer + UndefinedBehaviorSanitizer build
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc)
GENERATOR  ?= Ninja
CMAKE_ARGS ?=
CTEST_ARGS ?= --output-on-failure --timeout 600
# Relative paths in ccache's hash: a fresh clone elsewhere reuses the cache.
export CCACHE_BASEDIR ?= $(CURDIR)

FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 600
export FUZZ_BUILD

.PHONY: all deps build run test test-release test-asan build-asan fuzz fuzz-long clean

all: build

deps:
	bash scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD) -G $(GENERATOR) -DCMAKE_BUILD_TYPE=Release -DDOCPIPE_WERROR=ON $(CMAKE_ARGS)
	cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/bin/docpipe run examples/pipelines/quickstart.xml
	@echo "output: out/quickstart.jsonl (first record below)"
	@head -c 600 out/quickstart.jsonl; echo

test: test-release test-asan

test-release: build
	cd $(BUILD) && ctest -j $(JOBS) $(CTEST_ARGS)

# -O1 -g1: sanitizer reports keep file:line while the build stays quick.
build-asan: deps
	cmake -S . -B $(ASAN_BUILD) -G $(GENERATOR) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g1" "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1" \
	  -DDOCPIPE_WERROR=ON -DDOCPIPE_SANITIZE=ON $(CMAKE_ARGS)
	cmake --build $(ASAN_BUILD) -j $(JOBS)

# use_tls=0: LeakSanitizer (GCC 12) crashes in its tracer while scanning
# thread-local storage once a dozen plugin libraries are loaded; leaks are
# still found through heap, globals, stacks and registers.
test-asan: build-asan
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 LSAN_OPTIONS=use_tls=0:suppressions=$(CURDIR)/tests/lsan.supp UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest -j $(JOBS) $(CTEST_ARGS)

# libFuzzer targets (clang, ASan+UBSan, coverage in every library): see docs/security.md.
fuzz: deps
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -G $(GENERATOR) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g" "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g" \
	  -DDOCPIPE_BUILD_FUZZERS=ON -DDOCPIPE_BUILD_TESTS=OFF $(CMAKE_ARGS)
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target docpipe_fuzzers

# Each target for FUZZ_SECONDS (make fuzz-long FUZZ_SECONDS=3600).
fuzz-long: fuzz
	bash fuzz/run.sh seconds $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) out
