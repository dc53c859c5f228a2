// Words as the papers' Python tokenisers see them, with CJK characters as words of their own.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace docpipe::curation {

//! One token: a byte range of the text and what it is made of.
struct Token {
  size_t begin = 0;
  size_t end = 0;
  size_t chars = 0;     //!< code points
  bool symbol = false;  //!< only punctuation and symbols (datatrove drops these from word counts)
  bool alpha = false;   //!< has at least one letter
  bool cjk = false;     //!< a single Han, kana or hangul character
};

//! Splits text into tokens: runs of word characters, each CJK character alone, and runs of
//! punctuation or symbols as one symbol token. White space separates and is not a token.
void tokenize(std::string_view text, std::vector<Token>& out);

//! The same split inside [begin, end) only, appending to out.
void tokenize_range(std::string_view text, size_t begin, size_t end, std::vector<Token>& out);

}  // namespace docpipe::curation

namespace docpipe::curation {

//! A token for an externally given range (a segment.words word): counts its characters and
//! classifies it as the tokenizer would.
Token describe_token(std::string_view text, size_t begin, size_t end);

}  // namespace docpipe::curation
