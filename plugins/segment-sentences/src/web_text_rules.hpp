// Sentence boundaries of web text that ICU cannot see because nothing marks
// them with a full stop before a capital: e-mail header timestamps, separator
// lines (***, ====), emoticons, URLs, sign-offs and greetings, ellipses
// before a capital, inline numbered items ("1) ... 2) ..."), and, in
// languages whose informal writing does it, sentences opening in lower case.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "lang_rules.hpp"

namespace docpipe::segment_sentences {

//! A whitespace-separated token: byte range [begin, end) of the run of text.
struct Token {
  int32_t begin;
  int32_t end;
};

//! Scratch space of add_web_text_boundaries, kept between calls so that
//! nothing is allocated per unit once it has grown.
struct WebTextScratch {
  std::vector<Token> tokens;
  std::vector<uint32_t> picked;
};

//! Appends to `added` the start offsets of sentences found by these rules in
//! `s` (one unit: a block or a paragraph).
void add_web_text_boundaries(std::string_view s, const LangRules& rules, WebTextScratch& scratch,
                             std::vector<int32_t>& added);

}  // namespace docpipe::segment_sentences
