#include "chars.hpp"

#include <unicode/uchar.h>

namespace docpipe::curation {

size_t count_code_points(std::string_view text) noexcept {
  size_t n = 0;
  // Every byte that is not a continuation byte starts a code point; invalid bytes count as one
  // each, as their U+FFFD replacement would.
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool is_word_char(char32_t c) noexcept {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  auto cp = static_cast<UChar32>(c);
  return u_isalnum(cp) || (U_GET_GC_MASK(cp) & U_GC_M_MASK) != 0;
}

bool is_alpha(char32_t c) noexcept {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return u_isalpha(static_cast<UChar32>(c));
}

bool is_space(char32_t c) noexcept {
  if (c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r');
  return u_isUWhiteSpace(static_cast<UChar32>(c));
}

bool is_punct_or_symbol(char32_t c) noexcept {
  if (c < 0x80)
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
           (c >= '{' && c <= '~');
  return (U_GET_GC_MASK(static_cast<UChar32>(c)) & (U_GC_P_MASK | U_GC_S_MASK)) != 0;
}

bool is_cjk_language(std::string_view lang) noexcept {
  if (lang.size() < 2) return false;
  if (lang.size() > 2 && lang[2] != '-' && lang[2] != '_') return false;
  auto lower = [](char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); };
  char a = lower(lang[0]), b = lower(lang[1]);
  return (a == 'z' && b == 'h') || (a == 'j' && b == 'a') || (a == 'k' && b == 'o');
}

}  // namespace docpipe::curation

namespace docpipe::curation {

std::string_view guess_cjk_language(std::string_view text) noexcept {
  std::string_view head = text.substr(0, 64 * 1024);
  size_t letters = 0, han = 0, kana = 0, hangul = 0;
  for (size_t i = 0; i < head.size();) {
    char32_t c = next_code_point(head, i);
    if (c < 0x80) {
      letters += (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      continue;
    }
    if (!is_cjk(c)) {
      letters += is_alpha(c);
      continue;
    }
    ++letters;
    if (is_kana(c)) {
      ++kana;
    } else if (is_hangul(c)) {
      ++hangul;
    } else {
      ++han;
    }
  }
  size_t cjk = han + kana + hangul;
  if (cjk * 10 < letters * 3 || cjk == 0) return {};
  if (hangul * 2 > cjk) return "ko";
  if (kana * 10 > cjk) return "ja";
  return "zh";
}

}  // namespace docpipe::curation
