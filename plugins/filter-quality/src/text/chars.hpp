// Code points and the character classes the curation filters count by: shared by
// filter.quality, dedup.exact and dedup.minhash so that every stage sees the same words.
#pragma once

#include <unicode/utf8.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace docpipe::curation {

//! The code point at text[i], advancing i; an invalid sequence reads as U+FFFD (the host repairs
//! text fields, but filters also run on raw strings in tests and benchmarks).
inline char32_t next_code_point(std::string_view text, size_t& i) noexcept {
  auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) {
    ++i;
    return c;
  }
  UChar32 cp = 0;
  int32_t at = static_cast<int32_t>(i);
  U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), at, static_cast<int32_t>(text.size()), cp);
  i = static_cast<size_t>(at);
  return cp < 0 ? char32_t{0xFFFD} : static_cast<char32_t>(cp);
}

//! Number of code points (what Python's len() counts, which the papers' thresholds assume).
size_t count_code_points(std::string_view text) noexcept;

//! Appends one code point as UTF-8.
void append_utf8(std::string& out, char32_t cp);

//! Hiragana, katakana (and their half-width forms).
constexpr bool is_kana(char32_t c) noexcept {
  return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) ||
         (c >= 0xFF66 && c <= 0xFF9F);
}

//! Hangul syllables and jamo.
constexpr bool is_hangul(char32_t c) noexcept {
  return (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x1100 && c <= 0x11FF) ||
         (c >= 0x3130 && c <= 0x318F);
}

//! Han, kana and hangul: each such character is a word by itself when no segmenter ran.
constexpr bool is_cjk(char32_t c) noexcept {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FA1F) || c == 0x3007 ||
         is_kana(c) || is_hangul(c);
}

//! Letters, digits and combining marks: what Python's \w matches, less the underscore.
bool is_word_char(char32_t c) noexcept;
//! Letters (Python's str.isalpha()).
bool is_alpha(char32_t c) noexcept;
//! White space, including the ideographic space U+3000.
bool is_space(char32_t c) noexcept;
//! Punctuation and symbols (Unicode P* and S* categories).
bool is_punct_or_symbol(char32_t c) noexcept;

//! True for zh, ja and ko (with any region or script suffix: zh-Hant, ja_JP).
bool is_cjk_language(std::string_view lang) noexcept;

}  // namespace docpipe::curation

namespace docpipe::curation {

//! "zh", "ja" or "ko" when CJK characters are at least 30% of the letters in the first 64 KiB
//! (kana mark Japanese, hangul Korean), else "": for documents without metadata.lang.
std::string_view guess_cjk_language(std::string_view text) noexcept;

}  // namespace docpipe::curation
