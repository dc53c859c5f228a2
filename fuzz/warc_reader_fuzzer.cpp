// WARC files are hostile: every record the reader yields, and every HTTP
// response in it, goes through the same parsing fetch.warc does.
#include <docpipe_warc/http.hpp>
#include <docpipe_warc/reader.hpp>

#include <cstdint>
#include <string>
#include <string_view>

#include "memory_file.hpp"

using namespace docpipe::warc;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static docpipe::fuzz::MemoryFile file;
  file.assign(data, size);
  ReaderOptions options;
  // Small limits reach the size checks and the buffer refills with small inputs.
  options.max_record_size = 1 << 16;
  options.max_header_size = 4096;
  options.buffer_size = 512;
  Reader reader(file.path(), options);
  Record record;
  std::string scratch;
  while (reader.next(record)) {
    if (!record.error.empty()) continue;
    HttpResponse response;
    std::string error;
    if (!parse_http_response(record.block, response, error)) continue;
    std::string_view body = std::string_view(record.block).substr(response.body_offset);
    BodyOptions body_options;
    body_options.max_size = 1 << 18;
    std::string_view decoded;
    if (decode_http_body(response, body, body_options, scratch, decoded, error)) {
      if (decoded.size() > body_options.max_size) __builtin_trap();
      media_type(response.headers.find("Content-Type").value_or(""));
    }
  }
  return 0;
}
