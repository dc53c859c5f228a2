// Pipeline files are trusted, but they are still read by a parser that must
// answer any bytes with a ConfigError, never a crash or a hang.
#include <cstdint>
#include <string_view>

#include "errors.hpp"
#include "pipeline_spec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view xml(reinterpret_cast<const char*>(data), size);
  try {
    docpipe::parse_pipeline_xml(xml, "fuzz.xml");
  } catch (const docpipe::ConfigError&) {
  }
  return 0;
}
