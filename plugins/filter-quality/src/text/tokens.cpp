#include "tokens.hpp"

#include "chars.hpp"

namespace docpipe::curation {
namespace {

enum class Class { space, word, cjk, symbol };

Class classify(char32_t c) {
  if (is_cjk(c)) return Class::cjk;
  if (is_word_char(c)) return Class::word;
  if (is_space(c)) return Class::space;
  return Class::symbol;  // punctuation, symbols, controls, U+FFFD
}

}  // namespace

void tokenize_range(std::string_view text, size_t begin, size_t end, std::vector<Token>& out) {
  std::string_view part = text.substr(0, end);
  size_t i = begin;
  Token cur;
  Class cur_class = Class::space;
  auto close = [&] {
    if (cur_class != Class::space) out.push_back(cur);
    cur_class = Class::space;
  };
  while (i < part.size()) {
    size_t at = i;
    char32_t c = next_code_point(part, i);
    Class k = classify(c);
    if (k != cur_class || k == Class::cjk) {
      close();
      if (k == Class::space) continue;
      cur = Token{at, at, 0, k == Class::symbol, false, k == Class::cjk};
      cur_class = k;
    }
    if (k == Class::space) continue;
    cur.end = i;
    ++cur.chars;
    cur.alpha = cur.alpha || k == Class::cjk || is_alpha(c);
  }
  close();
}

void tokenize(std::string_view text, std::vector<Token>& out) {
  out.clear();
  tokenize_range(text, 0, text.size(), out);
}

}  // namespace docpipe::curation

namespace docpipe::curation {

Token describe_token(std::string_view text, size_t begin, size_t end) {
  Token t{begin, end, 0, true, false, false};
  std::string_view part = text.substr(0, end);
  for (size_t i = begin; i < part.size();) {
    char32_t c = next_code_point(part, i);
    ++t.chars;
    bool cjk = is_cjk(c);
    if (cjk || is_word_char(c)) t.symbol = false;
    t.alpha = t.alpha || cjk || is_alpha(c);
  }
  t.cjk = t.chars == 1 && !t.symbol && is_cjk(next_code_point(part, begin));
  return t;
}

}  // namespace docpipe::curation
