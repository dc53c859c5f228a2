// Measures a document for the gopher, c4 and fineweb rule sets in one pass over its lines and
// tokens. One analyzer per worker: it keeps its buffers between documents.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "measures.hpp"
#include "text/tokens.hpp"

namespace docpipe::filter_quality {

//! Which rule sets to measure for (bit flags).
enum RuleSetBits : unsigned { gopher_set = 1, c4_set = 2, fineweb_set = 4 };

//! Settings that change what is measured (the thresholds themselves live in the rules).
struct AnalyzerOptions {
  size_t c4_min_words_per_line = 3;
  size_t c4_max_word_length = 1000;
  bool c4_javascript = true;  //!< drop lines that mention javascript
  bool c4_policy = true;      //!< drop lines about terms of use, privacy and cookies
  size_t fineweb_short_line_length = 30;
  //! Stop words by language ("en", "zh", ...); "*" overrides every language when present.
  std::unordered_map<std::string, std::vector<std::string>> stop_words;
};

//! The built-in stop-word lists (Gopher's English list, and frequent function words for zh/ja/ko).
std::unordered_map<std::string, std::vector<std::string>> default_stop_words();

//! A document's text with what the analyzer needs to know about it.
struct DocumentText {
  std::string_view text;
  std::string_view lang;  //!< "en", "zh", ...; decides word units and stop words
  //! Word segments (segment.words) as byte ranges; used for CJK languages when not empty.
  std::vector<curation::Token> words;
};

class Analyzer {
 public:
  explicit Analyzer(AnalyzerOptions options);
  //! Fills out with the measures of the rule sets in `sets`.
  void measure(const DocumentText& doc, unsigned sets, Measures& out);

 private:
  void measure_gopher_quality(const DocumentText& doc, Measures& out);
  void measure_gopher_repetition(const DocumentText& doc, Measures& out);
  void measure_c4(const DocumentText& doc, Measures& out);
  void measure_fineweb(const DocumentText& doc, Measures& out);
  void split_lines(std::string_view text);
  const std::unordered_set<std::string>& stop_words_for(std::string_view lang) const;

  AnalyzerOptions options_;
  std::unordered_map<std::string, std::unordered_set<std::string>> stop_sets_;
  std::unordered_set<std::string> no_stop_words_;
  bool cjk_ = false;
  size_t text_chars_ = 0;
  std::vector<curation::Token> tokens_;  // all tokens, symbols included
  std::vector<curation::Token> words_;   // non-symbol tokens (or word segments for CJK)
  std::vector<std::string_view> lines_;  // split at '\n'
  std::vector<uint64_t> hashes_;
  std::vector<uint64_t> gram_hashes_;
  std::vector<uint32_t> gram_chars_;
  std::vector<uint32_t> word_chars_;
};

}  // namespace docpipe::filter_quality
