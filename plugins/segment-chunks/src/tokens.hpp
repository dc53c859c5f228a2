// Tokens for counting chunk sizes: whitespace-separated words for scripts
// written with spaces, one token per character for CJK (Han, kana, CJK
// punctuation and full-width forms), with no dictionary involved.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace docpipe::segment_chunks {

//! A half-open byte range of the text.
struct Range {
  uint64_t begin;
  uint64_t end;
  friend bool operator==(const Range&, const Range&) = default;
};

//! True for code points counted one token each (CJK ideographs, kana, CJK punctuation).
bool is_cjk(char32_t c);
//! True for code points counted one token each like CJK, because no word
//! segmenter counts them: U+FFFD, symbols, emoji and flags, private use.
bool is_symbol(char32_t c);
//! Appends the tokens of text to out, in order (invalid UTF-8 bytes count as
//! non-CJK letters; runs without spaces are cut every 64 characters).
void scan_tokens(std::string_view text, std::vector<Range>& out);
//! Turns "word" segments into tokens in place: sorted, out-of-range and blank
//! ones dropped, and symbols and 64-character runs between words added.
void tokens_from_words(std::string_view text, std::vector<Range>& words);

}  // namespace docpipe::segment_chunks
