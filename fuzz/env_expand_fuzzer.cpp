// ${VAR} expansion: any bytes give a string or a ConfigError, in linear time
// (the output never grows beyond what the set variables can add).
#include <cstdint>
#include <string>
#include <string_view>

#include "errors.hpp"
#include "pipeline_spec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    std::string out = docpipe::expand_env(text, {"fuzz", 1, 1});
    // The one non-empty variable is shorter than any reference to it.
    if (out.size() > size) __builtin_trap();
  } catch (const docpipe::ConfigError&) {
  }
  return 0;
}
