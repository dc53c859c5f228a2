#include "meta_prescan.hpp"

#include "charset_labels.hpp"
#include "charset_param.hpp"

namespace docpipe::clean_html {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

bool istarts_with(std::string_view s, size_t pos, std::string_view prefix) {
  return s.size() - pos >= prefix.size() && iequals(s.substr(pos, prefix.size()), prefix);
}

struct Attribute {
  std::string_view name;
  std::string_view value;
};

// Reads one attribute at pos; false at '>' or at the end. Leaves pos after it.
bool next_attribute(std::string_view s, size_t& pos, Attribute& out) {
  while (pos < s.size() && (is_space(s[pos]) || s[pos] == '/')) ++pos;
  if (pos >= s.size() || s[pos] == '>') return false;
  size_t name_begin = pos;
  // The first character is part of the name even when it is '='.
  ++pos;
  while (pos < s.size() && !is_space(s[pos]) && s[pos] != '=' && s[pos] != '/' && s[pos] != '>') ++pos;
  out.name = s.substr(name_begin, pos - name_begin);
  out.value = {};
  while (pos < s.size() && is_space(s[pos])) ++pos;
  if (pos >= s.size() || s[pos] != '=') return true;
  ++pos;
  while (pos < s.size() && is_space(s[pos])) ++pos;
  if (pos >= s.size()) return true;
  if (s[pos] == '"' || s[pos] == '\'') {
    char quote = s[pos++];
    size_t close = s.find(quote, pos);
    if (close == std::string_view::npos) {
      pos = s.size();
      return false;
    }
    out.value = s.substr(pos, close - pos);
    pos = close + 1;
    return true;
  }
  size_t value_begin = pos;
  while (pos < s.size() && !is_space(s[pos]) && s[pos] != '>') ++pos;
  out.value = s.substr(value_begin, pos - value_begin);
  return true;
}

// The charset a <meta> element's attributes declare, or nullptr.
const char* meta_element_charset(std::string_view s, size_t& pos) {
  bool http_equiv_content_type = false;
  std::string_view content;
  std::string_view charset;
  bool has_charset = false;
  Attribute attr;
  while (next_attribute(s, pos, attr)) {
    if (iequals(attr.name, "charset")) {
      if (!has_charset) charset = attr.value;
      has_charset = true;
    } else if (iequals(attr.name, "http-equiv")) {
      http_equiv_content_type = http_equiv_content_type || iequals(attr.value, "content-type");
    } else if (iequals(attr.name, "content") && content.empty()) {
      content = attr.value;
    }
  }
  std::string_view label;
  if (has_charset) {
    label = charset;
  } else if (http_equiv_content_type) {
    label = charset_from_content_type(content);
  }
  const char* canonical = canonical_charset(label);
  if (is_utf16(canonical)) return canonical_charset("utf-8");
  return canonical;
}

}  // namespace

const char* prescan_meta_charset(std::string_view bytes, size_t limit) noexcept {
  std::string_view s = bytes.substr(0, limit);
  size_t pos = 0;
  while (pos < s.size()) {
    size_t lt = s.find('<', pos);
    if (lt == std::string_view::npos) break;
    pos = lt;
    if (s.compare(pos, 4, "<!--") == 0) {
      // "<!-->" closes at once: search from the second dash.
      size_t close = s.find("-->", pos + 2);
      if (close == std::string_view::npos) break;
      pos = close + 3;
      continue;
    }
    if (istarts_with(s, pos, "<meta") && pos + 5 < s.size() &&
        (is_space(s[pos + 5]) || s[pos + 5] == '/')) {
      pos += 5;
      if (const char* found = meta_element_charset(s, pos)) return found;
      continue;
    }
    if (pos + 1 < s.size() && (is_alpha(s[pos + 1]) ||
                               (s[pos + 1] == '/' && pos + 2 < s.size() && is_alpha(s[pos + 2])))) {
      // Another tag: skip its name and attributes so a "<meta" inside an
      // attribute value is not taken for an element.
      pos += 1;
      while (pos < s.size() && !is_space(s[pos]) && s[pos] != '>') ++pos;
      Attribute ignored;
      while (next_attribute(s, pos, ignored)) {
      }
      continue;
    }
    if (pos + 1 < s.size() && (s[pos + 1] == '!' || s[pos + 1] == '/' || s[pos + 1] == '?')) {
      size_t close = s.find('>', pos + 1);
      if (close == std::string_view::npos) break;
      pos = close + 1;
      continue;
    }
    ++pos;
  }
  return nullptr;
}

}  // namespace docpipe::clean_html
