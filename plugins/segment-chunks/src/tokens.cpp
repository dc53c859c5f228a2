// One forward pass, decoding UTF-8 by hand so a byte that is not valid
// UTF-8 never stops the scan (it is a one-byte non-CJK character).
#include "tokens.hpp"

#include <algorithm>

namespace docpipe::segment_chunks {
namespace {

// Decodes one code point at i; returns its length (1 for an invalid byte, with c = 0xFFFD).
size_t decode(std::string_view s, size_t i, char32_t& c) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char lead = b(i);
  size_t len = lead < 0x80           ? 1
               : (lead >> 5) == 0x6  ? 2
               : (lead >> 4) == 0xE  ? 3
               : (lead >> 3) == 0x1E ? 4
                                     : 0;
  if (len == 1) {
    c = lead;
    return 1;
  }
  if (len == 0 || i + len > s.size()) {
    c = 0xFFFD;
    return 1;
  }
  char32_t v = lead & (0xFF >> (len + 1));
  for (size_t k = 1; k < len; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) {
      c = 0xFFFD;
      return 1;
    }
    v = (v << 6) | (b(i + k) & 0x3F);
  }
  c = v;
  return len;
}

bool is_space(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 ||
         c == 0x3000 || c == 0x2028 || c == 0x2029 || (c >= 0x2000 && c <= 0x200B) || c == 0xFEFF;
}

}  // namespace

bool is_cjk(char32_t c) {
  return (c >= 0x3001 && c <= 0x303F) ||  // CJK punctuation (U+3000 is a space)
         (c >= 0x3040 && c <= 0x30FF) ||  // hiragana, katakana
         (c >= 0x3400 && c <= 0x4DBF) ||  // extension A
         (c >= 0x4E00 && c <= 0x9FFF) ||  // unified ideographs
         (c >= 0xF900 && c <= 0xFAFF) ||  // compatibility ideographs
         (c >= 0xFF01 && c <= 0xFF60) ||  // full-width forms
         (c >= 0x20000 && c <= 0x3FFFF);  // supplementary ideographs
}

bool is_symbol(char32_t c) {
  return c == 0xFFFD ||                     // replacement character
         (c >= 0x2190 && c <= 0x2BFF) ||    // arrows, technical and misc. symbols, dingbats
         (c >= 0xE000 && c <= 0xF8FF) ||    // private use
         (c >= 0x1F000 && c <= 0x1FAFF) ||  // emoji, regional indicators (flags), game symbols
         (c >= 0xE0000 && c <= 0xE007F) ||  // tags
         c >= 0xF0000;                      // supplementary private use
}

namespace {

// Tokens of text[lo, hi). A run of other characters is cut every
// kMaxTokenChars characters, so text without spaces (Thai, base64) still
// counts; short runs are kept only when keep_runs is set.
void scan(std::string_view text, size_t lo, size_t hi, bool keep_runs, std::vector<Range>& out) {
  constexpr size_t kMaxTokenChars = 64;
  size_t word = hi;  // start of the open run, or hi for none
  size_t chars = 0;
  auto close = [&](size_t at, bool full) {
    if (word < at && (keep_runs || full)) out.push_back({word, at});
    word = hi;
    chars = 0;
  };
  size_t i = lo;
  while (i < hi) {
    char32_t c;
    size_t len = decode(text, i, c);
    if (i + len > hi) len = hi - i;
    if (is_space(c)) {
      close(i, false);
    } else if (is_cjk(c) || (is_symbol(c) && len > 1)) {  // an invalid byte is part of a run
      close(i, false);
      out.push_back({i, i + len});
    } else {
      if (word == hi) word = i;
      if (++chars == kMaxTokenChars) close(i + len, true);
    }
    i += len;
  }
  close(hi, false);
}

}  // namespace

void scan_tokens(std::string_view text, std::vector<Range>& out) {
  scan(text, 0, text.size(), true, out);
}

void tokens_from_words(std::string_view text, std::vector<Range>& words) {
  // segment.words may emit spaces and line breaks as words of their own: they are not tokens.
  std::erase_if(words, [&](const Range& w) {
    return w.end <= w.begin || w.end > text.size() ||
           text.substr(w.begin, w.end - w.begin).find_first_not_of(" \t\r\n") ==
               std::string_view::npos;
  });
  std::sort(words.begin(), words.end(),
            [](const Range& a, const Range& b) { return a.begin < b.begin; });
  // Between words, symbols and long runs a word segmenter does not count
  // (emoji, flags, U+FFFD, private use) still count, so no gap can make a
  // chunk exceed max_tokens by more than its punctuation.
  size_t words_count = words.size();
  uint64_t covered = 0;
  for (size_t k = 0; k <= words_count; ++k) {
    uint64_t next = k < words_count ? words[k].begin : text.size();
    if (next > covered)
      scan(text, static_cast<size_t>(covered), static_cast<size_t>(next), false, words);
    if (k < words_count) covered = std::max(covered, words[k].end);
  }
  if (words.size() != words_count)
    std::sort(words.begin(), words.end(),
              [](const Range& a, const Range& b) { return a.begin < b.begin; });
}

}  // namespace docpipe::segment_chunks
