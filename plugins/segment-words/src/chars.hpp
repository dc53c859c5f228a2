// UTF-8 decoding and the character classes the word segmenter cuts by.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace docpipe::segment_words {

//! Decodes the code point at text[i]; sets len to its byte length (1 for an invalid byte, read as U+FFFD).
inline char32_t decode_utf8(std::string_view text, size_t i, size_t& len) noexcept {
  auto b = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char c = b(i);
  size_t left = text.size() - i;
  if (c < 0x80) {
    len = 1;
    return c;
  }
  auto cont = [&](size_t k) { return k < left && (b(i + k) & 0xC0) == 0x80; };
  if (c >= 0xC2 && c < 0xE0 && cont(1)) {
    len = 2;
    return static_cast<char32_t>(((c & 0x1F) << 6) | (b(i + 1) & 0x3F));
  }
  if (c >= 0xE0 && c < 0xF0 && cont(1) && cont(2)) {
    char32_t cp = static_cast<char32_t>(((c & 0x0F) << 12) | ((b(i + 1) & 0x3F) << 6) | (b(i + 2) & 0x3F));
    if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
      len = 3;
      return cp;
    }
  }
  if (c >= 0xF0 && c < 0xF5 && cont(1) && cont(2) && cont(3)) {
    char32_t cp = static_cast<char32_t>(((c & 0x07) << 18) | ((b(i + 1) & 0x3F) << 12) |
                                        ((b(i + 2) & 0x3F) << 6) | (b(i + 3) & 0x3F));
    if (cp >= 0x10000 && cp <= 0x10FFFF) {
      len = 4;
      return cp;
    }
  }
  len = 1;
  return 0xFFFD;
}

//! Han ideographs (CJK unified, extensions, compatibility) and 〇, which the dictionary segmenter handles.
constexpr bool is_han(char32_t c) noexcept {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x2FA1F) || c == 0x3007;
}

//! Hiragana and katakana: their presence marks a block as Japanese, which ICU's dictionary handles.
constexpr bool is_kana(char32_t c) noexcept {
  return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) || (c >= 0xFF66 && c <= 0xFF9F);
}

//! Chinese numerals that make up a number ("五十五万", "二〇〇四").
constexpr bool is_chinese_numeral(char32_t c) noexcept {
  switch (c) {
    case U'零': case U'〇': case U'一': case U'二': case U'三': case U'四': case U'五':
    case U'六': case U'七': case U'八': case U'九': case U'十': case U'百': case U'千':
    case U'万': case U'亿': case U'两': case U'壹': case U'贰': case U'叁': case U'肆':
    case U'伍': case U'陆': case U'柒': case U'捌': case U'玖': case U'拾': case U'佰':
    case U'仟':
      return true;
    default:
      return false;
  }
}

//! ASCII or full-width letters and digits: the parts of a Latin/digit token.
constexpr bool is_latin_alnum(char32_t c) noexcept {
  return (c >= U'0' && c <= U'9') || (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') ||
         (c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A);
}

//! ASCII or full-width digits.
constexpr bool is_digit(char32_t c) noexcept {
  return (c >= U'0' && c <= U'9') || (c >= 0xFF10 && c <= 0xFF19);
}

//! Characters the fast path between Han runs understands without ICU: ASCII, CJK and general
//! punctuation, full-width forms. Anything else (accented letters, Cyrillic, kana, Hangul) goes to ICU.
constexpr bool is_simple(char32_t c) noexcept {
  return c < 0x80 || (c >= 0x3000 && c <= 0x303F && c != 0x3007) || (c >= 0xFF00 && c <= 0xFF65) ||
         (c >= 0x2000 && c <= 0x206F) || c == 0xA0 || c == 0xB7 || c == 0xFE30 ||
         (c >= 0xFE50 && c <= 0xFE6F);
}

//! Whitespace of any script (never a token, not even with punctuation kept).
constexpr bool is_space(char32_t c) noexcept {
  return c == U' ' || (c >= 0x09 && c <= 0x0D) || c == 0xA0 || c == 0x3000 || (c >= 0x2000 && c <= 0x200B) ||
         c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0xFEFF || c == 0x85;
}

}  // namespace docpipe::segment_words
