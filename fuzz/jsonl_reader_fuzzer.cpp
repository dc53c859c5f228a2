// JSONL input is hostile: lines of a (possibly compressed) stream, each
// parsed as fetch.jsonl does and its metadata set on a host document.
#include <cstdint>
#include <string>
#include <string_view>

#include "document.hpp"
#include "json_line.hpp"
#include "line_reader.hpp"
#include "memory_file.hpp"

using namespace docpipe::fetch_jsonl;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static docpipe::fuzz::MemoryFile file;
  file.assign(data, size);
  // A small line limit and chunk reach the too-long and refill paths.
  LineReader reader(file.fd(), 4096, 256);
  JsonLineParser parser;
  std::string_view line;
  while (true) {
    LineStatus status = reader.next(line);
    if (status == LineStatus::end || status == LineStatus::error) break;
    if (status != LineStatus::line) continue;
    if (line.size() > 4096) __builtin_trap();
    JsonLine parsed;
    std::string error;
    if (!parser.parse(line, parsed, error)) continue;
    if (parsed.id && parsed.id->empty()) __builtin_trap();
    dp_document doc;
    for (const MetaItem& m : parsed.metadata) doc.set_meta(m.key, m.value, m.is_json);
    for (const MetaItem& m : parsed.metadata)
      if (doc.find_meta(m.key) == nullptr) __builtin_trap();
  }
  return 0;
}
