// The sentences SentenceSplitter finds in a text, as strings (for tests).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sentence_splitter.hpp"

namespace docpipe::segment_sentences {

inline std::vector<std::string> sentences(std::string_view text, std::string_view lang = "en") {
  SentenceSplitter splitter;
  splitter.set_language(lang);
  std::vector<Span> spans;
  splitter.split(text, 0, text.size(), spans);
  std::vector<std::string> out;
  for (const Span& s : spans) out.emplace_back(text.substr(s.begin, s.end - s.begin));
  return out;
}

}  // namespace docpipe::segment_sentences
