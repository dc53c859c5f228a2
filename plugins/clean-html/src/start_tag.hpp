// Reading the attributes of a start tag as HTML's tokenizer does, for the
// scans that run before myhtml: the charset prescan and the pre-parse cuts.
// Inline: the cuts call it for every attribute of every page.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace docpipe::clean_html {

//! Character classes of the tokenizer's tag states, one lookup a byte.
enum TagCharClass : uint8_t { kTagSpace = 1, kTagSlash = 2, kTagGreater = 4, kTagEquals = 8 };

namespace detail {
constexpr auto kTagCharClass = [] {
  std::array<uint8_t, 256> t{};
  for (unsigned char c : {' ', '\t', '\n', '\r', '\f'}) t[c] = kTagSpace;
  t['/'] = kTagSlash;
  t['>'] = kTagGreater;
  t['='] = kTagEquals;
  return t;
}();
}  // namespace detail

//! True when c is in any of `classes` (TagCharClass bits).
constexpr bool is_tag_char(char c, unsigned classes) noexcept {
  return (detail::kTagCharClass[static_cast<unsigned char>(c)] & classes) != 0;
}

//! One attribute as written: name as is (any case), value without quotes.
struct TagAttribute {
  std::string_view name;
  std::string_view value;
};

//! Reads the attribute at or after pos (whitespace and '/' are skipped)
//! into out and leaves pos just after it; returns false, with pos at the
//! '>', when the tag ends there, and false with pos at the end of s when
//! the tag never ends (an unclosed quote included). A name runs to
//! whitespace, '/', '>' or '=' (its first character may be '='); a value
//! is quoted, or runs to whitespace or '>'.
inline bool next_attribute(std::string_view s, size_t& pos, TagAttribute& out) {
  const size_t n = s.size();
  while (pos < n && is_tag_char(s[pos], kTagSpace | kTagSlash)) ++pos;
  if (pos >= n || s[pos] == '>') return false;
  size_t name_begin = pos;
  ++pos;  // the first character is part of the name even when it is '='
  while (pos < n && !is_tag_char(s[pos], kTagSpace | kTagSlash | kTagGreater | kTagEquals)) ++pos;
  out.name = std::string_view(s.data() + name_begin, pos - name_begin);
  out.value = {};
  size_t after_name = pos;
  while (pos < n && is_tag_char(s[pos], kTagSpace)) ++pos;
  if (pos >= n || s[pos] != '=') {
    pos = after_name;  // no value: the whitespace after the name is not the attribute's
    return true;
  }
  ++pos;
  while (pos < n && is_tag_char(s[pos], kTagSpace)) ++pos;
  if (pos >= n) return true;
  if (s[pos] == '"' || s[pos] == '\'') {
    const void* close = std::memchr(s.data() + pos + 1, s[pos], n - pos - 1);
    if (close == nullptr) {
      pos = n;
      return false;
    }
    size_t end = static_cast<size_t>(static_cast<const char*>(close) - s.data());
    out.value = std::string_view(s.data() + pos + 1, end - pos - 1);
    pos = end + 1;
    return true;
  }
  size_t value_begin = pos;
  while (pos < n && !is_tag_char(s[pos], kTagSpace | kTagGreater)) ++pos;
  out.value = std::string_view(s.data() + value_begin, pos - value_begin);
  return true;
}

}  // namespace docpipe::clean_html
