#include "headings.hpp"

#include <algorithm>

namespace docpipe::segment_chunks {
namespace {

struct Open {
  uint32_t level;
  std::string_view text;
};

// A heading's text with its runs of whitespace (line breaks inside <h2>) as single spaces.
void append_collapsed(std::string_view s, std::string& out) {
  bool space = false, any = false;
  for (char c : s) {
    bool ws = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (ws) {
      space = any;
      continue;
    }
    if (space) out += ' ';
    out += c;
    space = false;
    any = true;
  }
}

}  // namespace

void append_json_string(std::string_view s, std::string& out) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      out += "\\u00";
      out += hex[u >> 4];
      out += hex[u & 0xF];
    } else {
      out += c;
    }
  }
  out += '"';
}

void heading_paths_json(std::string_view text, const std::vector<Heading>& headings,
                        const std::vector<uint64_t>& anchors, std::string& json) {
  std::vector<Open> stack;
  std::string path;
  size_t next = 0;
  json += '[';
  for (size_t i = 0; i < anchors.size(); ++i) {
    // Anchors ascend, so one pass over the headings suffices.
    while (next < headings.size() && headings[next].begin <= anchors[i]) {
      const Heading& h = headings[next++];
      uint32_t level = std::max<uint32_t>(h.level, 1);
      while (!stack.empty() && stack.back().level >= level) stack.pop_back();
      if (h.end > h.begin && h.end <= text.size()) stack.push_back({level, text.substr(h.begin, h.end - h.begin)});
    }
    path.clear();
    for (const Open& o : stack) {
      if (!path.empty()) path += " > ";
      append_collapsed(o.text, path);
    }
    if (i > 0) json += ',';
    append_json_string(path, json);
  }
  json += ']';
}

}  // namespace docpipe::segment_chunks
