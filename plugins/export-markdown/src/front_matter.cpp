#include "front_matter.hpp"

#include <boost/json.hpp>

#include <cstdio>

namespace docpipe::markdown {
namespace {

void append_escape(std::string& out, const char* code) { out += code; }

// JSON is YAML 1.2 flow syntax, but only once it sits on one line; a JSON
// value that does not parse is written as a string instead.
void append_flow(std::string& out, std::string_view json) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(json, ec);
  if (ec) {
    append_yaml_string(out, json);
    return;
  }
  out += boost::json::serialize(value);
}

}  // namespace

void append_yaml_string(std::string& out, std::string_view text) {
  out.push_back('"');
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '"') {
      append_escape(out, "\\\"");
    } else if (c == '\\') {
      append_escape(out, "\\\\");
    } else if (c == '\n') {
      append_escape(out, "\\n");
    } else if (c == '\t') {
      append_escape(out, "\\t");
    } else if (c == '\r') {
      append_escape(out, "\\r");
    } else if (c < 0x20 || c == 0x7F) {
      char code[8];
      std::snprintf(code, sizeof code, "\\x%02x", c);
      out += code;
    } else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x85) {
      append_escape(out, "\\N");  // NEL is a line break to YAML
      ++i;
    } else if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(text[i + 2]) == 0xA8 || static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
      append_escape(out, static_cast<unsigned char>(text[i + 2]) == 0xA8 ? "\\L" : "\\P");
      i += 2;
    } else if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBB &&
               static_cast<unsigned char>(text[i + 2]) == 0xBF) {
      append_escape(out, "\\uFEFF");
      i += 2;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  out.push_back('"');
}

void append_front_matter(std::string& out, std::string_view id, const std::vector<output::MetaEntry>& metadata) {
  out += "---\n";
  out += "\"id\": ";
  append_yaml_string(out, id);
  out.push_back('\n');
  for (const output::MetaEntry& m : metadata) {
    if (m.key == "id") continue;  // the document's id wins, so no key repeats
    append_yaml_string(out, m.key);
    out += ": ";
    if (m.is_json) {
      append_flow(out, m.value);
    } else {
      append_yaml_string(out, m.value);
    }
    out.push_back('\n');
  }
  out += "---\n";
}

}  // namespace docpipe::markdown
