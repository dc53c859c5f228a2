// The config fuzzers' environment: only these variables exist, so results do
// not depend on the machine (and an input naming $PATH cannot grow unboundedly).
#include <cstdlib>

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  clearenv();
  setenv("DP_FUZZ_A", "alpha", 1);
  setenv("DP_FUZZ_EMPTY", "", 1);
  return 0;
}
