// ASCII case folding and whitespace for markup, labels and class names:
// bytes above 0x7F (UTF-8) are left as they are. One copy for every file of
// clean.html that compares tag names, attribute names or keywords.
#pragma once

#include <cstddef>
#include <string_view>

namespace docpipe::clean_html {

//! c lower-cased when it is an ASCII capital letter.
constexpr char ascii_lower(char c) noexcept {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

//! An ASCII letter.
constexpr bool is_ascii_alpha(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

//! HTML's whitespace: space, tab, LF, CR and FF.
constexpr bool is_html_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

//! True when s holds prefix at pos, ignoring ASCII case (false past the end).
constexpr bool istarts_at(std::string_view s, size_t pos, std::string_view prefix) noexcept {
  if (pos > s.size() || s.size() - pos < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (ascii_lower(s[pos + i]) != ascii_lower(prefix[i])) return false;
  }
  return true;
}

//! a and b equal, ignoring ASCII case.
constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && istarts_at(a, 0, b);
}

//! True when needle occurs in haystack, ignoring ASCII case.
constexpr bool icontains(std::string_view haystack, std::string_view needle) noexcept {
  if (needle.empty()) return true;
  const char first = ascii_lower(needle[0]);
  for (size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
    if (ascii_lower(haystack[i]) == first && istarts_at(haystack, i + 1, needle.substr(1))) return true;
  }
  return false;
}

}  // namespace docpipe::clean_html
