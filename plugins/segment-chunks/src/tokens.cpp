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
  size_t len = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
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
  return (c >= 0x3001 && c <= 0x303F) ||    // CJK punctuation (U+3000 is a space)
         (c >= 0x3040 && c <= 0x30FF) ||    // hiragana, katakana
         (c >= 0x3400 && c <= 0x4DBF) ||    // extension A
         (c >= 0x4E00 && c <= 0x9FFF) ||    // unified ideographs
         (c >= 0xF900 && c <= 0xFAFF) ||    // compatibility ideographs
         (c >= 0xFF01 && c <= 0xFF60) ||    // full-width forms
         (c >= 0x20000 && c <= 0x3FFFF);    // supplementary ideographs
}

void scan_tokens(std::string_view text, std::vector<Range>& out) {
  size_t i = 0, word = text.size();  // word: start of the open non-CJK token, or size for none
  auto close = [&](size_t at) {
    if (word < at) out.push_back({word, at});
    word = text.size();
  };
  while (i < text.size()) {
    char32_t c;
    size_t len = decode(text, i, c);
    if (is_space(c)) {
      close(i);
    } else if (is_cjk(c)) {
      close(i);
      out.push_back({i, i + len});
    } else if (word == text.size()) {
      word = i;
    }
    i += len;
  }
  close(text.size());
}

void tokens_from_words(std::string_view text, std::vector<Range>& words) {
  // segment.words may emit spaces and line breaks as words of their own: they are not tokens.
  std::erase_if(words, [&](const Range& w) {
    return w.end <= w.begin || w.end > text.size() ||
           text.substr(w.begin, w.end - w.begin).find_first_not_of(" \t\r\n") == std::string_view::npos;
  });
  std::sort(words.begin(), words.end(), [](const Range& a, const Range& b) { return a.begin < b.begin; });
}

}  // namespace docpipe::segment_chunks
