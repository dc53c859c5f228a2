#include "meta_prescan.hpp"

#include "ascii.hpp"
#include "charset_labels.hpp"
#include "charset_param.hpp"
#include "start_tag.hpp"

namespace docpipe::clean_html {
namespace {

// The charset a <meta> element's attributes declare, or nullptr.
const char* meta_element_charset(std::string_view s, size_t& pos) {
  bool http_equiv_content_type = false;
  std::string_view content;
  std::string_view charset;
  bool has_charset = false;
  TagAttribute attr;
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
    if (istarts_at(s, pos, "<meta") && pos + 5 < s.size() &&
        (is_html_space(s[pos + 5]) || s[pos + 5] == '/')) {
      pos += 5;
      if (const char* found = meta_element_charset(s, pos)) return found;
      continue;
    }
    if (pos + 1 < s.size() && (is_ascii_alpha(s[pos + 1]) ||
                               (s[pos + 1] == '/' && pos + 2 < s.size() && is_ascii_alpha(s[pos + 2])))) {
      // Another tag: skip its name and attributes so a "<meta" inside an
      // attribute value is not taken for an element.
      pos += 1;
      while (pos < s.size() && !is_html_space(s[pos]) && s[pos] != '>') ++pos;
      TagAttribute ignored;
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
