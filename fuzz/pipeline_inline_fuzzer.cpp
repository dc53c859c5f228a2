// The one-line pipeline form: any bytes give a spec or a ConfigError.
#include <cstdint>
#include <string_view>

#include "errors.hpp"
#include "pipeline_spec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view line(reinterpret_cast<const char*>(data), size);
  try {
    docpipe::parse_pipeline_inline(line);
  } catch (const docpipe::ConfigError&) {
  }
  return 0;
}
