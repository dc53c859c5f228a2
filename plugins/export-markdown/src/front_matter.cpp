#include "front_matter.hpp"

#include <boost/json.hpp>

#include <cstdio>

namespace docpipe::markdown {
namespace {

void append_escape(std::string& out, const char* code) { out += code; }

// YAML allows an implicit key of at most 1024 characters (PyYAML counts the
// quotes and escapes too); a longer one is written as an explicit "? key".
constexpr size_t kMaxImplicitKey = 1000;

size_t characters(std::string_view utf8) {
  size_t n = 0;
  for (char c : utf8) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

// Writes key and separator; flow keys sit inside {...}, block keys start a line.
void append_key(std::string& out, std::string_view key, bool flow) {
  std::string quoted;
  append_yaml_string(quoted, key);
  if (characters(quoted) <= kMaxImplicitKey) {
    out += quoted;
    out += flow ? ":" : ": ";
  } else {
    out += "? ";
    out += quoted;
    out += flow ? " : " : "\n: ";
  }
}

// Boost.JSON writes doubles as "1.5E0"; YAML 1.1 readers (PyYAML) take a
// float only with a '.' in the mantissa and a signed exponent, else a string.
void append_yaml_float(std::string& out, std::string_view json) {
  size_t e = json.find_first_of("eE");
  std::string_view mantissa = json.substr(0, e);
  out += mantissa;
  if (mantissa.find('.') == std::string_view::npos) out += ".0";
  if (e == std::string_view::npos) return;
  out += 'e';
  std::string_view exponent = json.substr(e + 1);
  if (!exponent.empty() && exponent[0] != '+' && exponent[0] != '-') out += '+';
  out += exponent;
}

// JSON is YAML 1.2 flow syntax once it sits on one line, but its strings may
// hold characters YAML must escape, and its keys may be too long to be
// implicit: strings and keys are written the YAML way, the rest as JSON.
void append_flow_value(std::string& out, const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::string:
      append_yaml_string(out, value.get_string());
      break;
    case boost::json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const boost::json::value& item : value.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        append_flow_value(out, item);
      }
      out.push_back(']');
      break;
    }
    case boost::json::kind::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& member : value.get_object()) {
        if (!first) out.push_back(',');
        first = false;
        append_key(out, member.key(), true);
        append_flow_value(out, member.value());
      }
      out.push_back('}');
      break;
    }
    case boost::json::kind::double_:
      append_yaml_float(out, boost::json::serialize(value));
      break;
    default:
      out += boost::json::serialize(value);
  }
}

// A JSON value that does not parse is written as a string instead. Parsing
// bounds nesting (Boost.JSON's default depth), so the recursion above is bounded.
void append_flow(std::string& out, std::string_view json) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(json, ec);
  if (ec) {
    append_yaml_string(out, json);
    return;
  }
  append_flow_value(out, value);
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
    } else if (c == 0xC2 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0x85) {
      append_escape(out, "\\N");  // NEL is a line break to YAML
      ++i;
    } else if (c == 0xC2 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      // C1 controls are not printable to YAML: a reader refuses them raw.
      char code[8];
      std::snprintf(code, sizeof code, "\\x%02x", static_cast<unsigned char>(text[i + 1]));
      out += code;
      ++i;
    } else if (c == 0xEF && i + 2 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0xBF &&
               static_cast<unsigned char>(text[i + 2]) >= 0xBE) {
      append_escape(out, static_cast<unsigned char>(text[i + 2]) == 0xBE ? "\\uFFFE" : "\\uFFFF");
      i += 2;
    } else if (c == 0xE2 && i + 2 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(text[i + 2]) == 0xA8 ||
                static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
      append_escape(out, static_cast<unsigned char>(text[i + 2]) == 0xA8 ? "\\L" : "\\P");
      i += 2;
    } else if (c == 0xEF && i + 2 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0xBB &&
               static_cast<unsigned char>(text[i + 2]) == 0xBF) {
      append_escape(out, "\\uFEFF");
      i += 2;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  out.push_back('"');
}

void append_front_matter(std::string& out, std::string_view id,
                         const std::vector<output::MetaEntry>& metadata) {
  out += "---\n";
  out += "\"id\": ";
  append_yaml_string(out, id);
  out.push_back('\n');
  for (const output::MetaEntry& m : metadata) {
    if (m.key == "id") continue;  // the document's id wins, so no key repeats
    append_key(out, m.key, false);
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
