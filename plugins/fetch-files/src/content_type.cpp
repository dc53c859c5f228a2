#include "content_type.hpp"

#include <cctype>
#include <string>

namespace docpipe::files {
namespace {

bool ends_with_ci(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  std::string_view tail = s.substr(s.size() - suffix.size());
  for (size_t i = 0; i < suffix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(tail[i])) != suffix[i]) return false;
  }
  return true;
}

struct ExtensionType {
  std::string_view extension;
  std::string_view type;
};

constexpr ExtensionType known_types[] = {
    {".html", "text/html"},
    {".htm", "text/html"},
    {".xhtml", "text/html"},
    {".txt", "text/plain"},
    {".text", "text/plain"},
    {".md", "text/markdown"},
    {".json", "application/json"},
    {".jsonl", "application/jsonl"},
    {".ndjson", "application/jsonl"},
    {".xml", "application/xml"},
    {".csv", "text/csv"},
    {".tsv", "text/tab-separated-values"},
    {".pdf", "application/pdf"},
    {".warc", "application/warc"},
};

}  // namespace

std::string_view guess_content_type(std::string_view name) {
  for (std::string_view compressed : {std::string_view(".gz"), std::string_view(".zst")}) {
    if (ends_with_ci(name, compressed)) {
      name.remove_suffix(compressed.size());
      break;
    }
  }
  for (const ExtensionType& known : known_types) {
    if (ends_with_ci(name, known.extension)) return known.type;
  }
  return "application/octet-stream";
}

}  // namespace docpipe::files
