#include "charset_param.hpp"

namespace docpipe::clean_html {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool matches_charset_at(std::string_view s, size_t pos) {
  constexpr std::string_view kWord = "charset";
  if (s.size() - pos < kWord.size()) return false;
  for (size_t i = 0; i < kWord.size(); ++i) {
    if (lower(s[pos + i]) != kWord[i]) return false;
  }
  return true;
}

}  // namespace

std::string_view charset_from_content_type(std::string_view s) noexcept {
  size_t pos = 0;
  while (pos < s.size()) {
    if (!matches_charset_at(s, pos)) {
      ++pos;
      continue;
    }
    size_t i = pos + 7;
    while (i < s.size() && is_space(s[i])) ++i;
    if (i >= s.size() || s[i] != '=') {
      // "charset" without "=" (say, inside another parameter): look further.
      pos = i;
      continue;
    }
    ++i;
    while (i < s.size() && is_space(s[i])) ++i;
    if (i >= s.size()) return {};
    if (s[i] == '"' || s[i] == '\'') {
      char quote = s[i++];
      size_t close = s.find(quote, i);
      if (close == std::string_view::npos) return {};
      return s.substr(i, close - i);
    }
    size_t begin = i;
    while (i < s.size() && !is_space(s[i]) && s[i] != ';') ++i;
    return s.substr(begin, i - begin);
  }
  return {};
}

}  // namespace docpipe::clean_html
