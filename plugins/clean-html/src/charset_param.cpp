#include "charset_param.hpp"

#include "ascii.hpp"

namespace docpipe::clean_html {

std::string_view charset_from_content_type(std::string_view s) noexcept {
  size_t pos = 0;
  while (pos < s.size()) {
    if (!istarts_at(s, pos, "charset")) {
      ++pos;
      continue;
    }
    size_t i = pos + 7;
    while (i < s.size() && is_html_space(s[i])) ++i;
    if (i >= s.size() || s[i] != '=') {
      // "charset" without "=" (say, inside another parameter): look further.
      pos = i;
      continue;
    }
    ++i;
    while (i < s.size() && is_html_space(s[i])) ++i;
    if (i >= s.size()) return {};
    if (s[i] == '"' || s[i] == '\'') {
      char quote = s[i++];
      size_t close = s.find(quote, i);
      if (close == std::string_view::npos) return {};
      return s.substr(i, close - i);
    }
    size_t begin = i;
    while (i < s.size() && !is_html_space(s[i]) && s[i] != ';') ++i;
    return s.substr(begin, i - begin);
  }
  return {};
}

}  // namespace docpipe::clean_html
