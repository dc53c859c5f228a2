// Sentence boundaries for one run of text (a block or a paragraph): ICU's
// sentence BreakIterator proposes boundaries, then the rules of this project
// drop the wrong ones (abbreviations, initials, ellipses, titles in 《》) and
// add the ones ICU misses (numbered lists, bullets, "....").
#pragma once

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lang_rules.hpp"
#include "web_text_rules.hpp"

namespace docpipe::segment_sentences {

//! A half-open byte range.
struct Span {
  size_t begin;
  size_t end;
  friend bool operator==(const Span&, const Span&) = default;
};

//! One ICU iterator and its scratch buffers; not thread-safe, reuse per worker.
class SentenceSplitter {
 public:
  //! Throws std::runtime_error when ICU cannot make a sentence iterator.
  SentenceSplitter();
  ~SentenceSplitter();
  SentenceSplitter(const SentenceSplitter&) = delete;
  SentenceSplitter& operator=(const SentenceSplitter&) = delete;

  //! Chooses the abbreviation lists ("en", "de-AT", "auto" = English).
  void set_language(std::string_view lang);
  //! Appends the trimmed sentences of text[begin, end) to out (offsets into text).
  void split(std::string_view text, size_t begin, size_t end, std::vector<Span>& out);
  //! ICU alone, trimmed the same way (for comparison in the benchmark).
  void split_icu(std::string_view text, size_t begin, size_t end, std::vector<Span>& out);

 private:
  struct Candidate {
    int32_t pos;
    bool added;  // proposed by a rule of ours, not by ICU
  };
  void icu_boundaries(std::string_view s);
  void add_list_boundaries(std::string_view s);
  void add_ellipsis_boundaries(std::string_view s);
  void add_number_start_boundaries(std::string_view s);
  bool keep_icu_boundary(std::string_view s, int32_t seg_start, int32_t b);
  bool keep_after_period(std::string_view s, int32_t seg_start, int32_t word_begin,
                         std::string_view word, int32_t next);
  bool is_starter(std::string_view s, int32_t at);
  bool listed(const std::string_view* own, size_t own_n, const std::string_view* en, size_t en_n,
              std::string_view lower) const;

  std::unique_ptr<icu::BreakIterator> iter_;
  UText* utext_ = nullptr;
  const LangRules* rules_;
  std::vector<int32_t> icu_;
  std::vector<int32_t> added_;
  std::vector<Candidate> merged_;
  WebTextScratch web_scratch_;
  std::string lower_;
  std::string needle_;
};

}  // namespace docpipe::segment_sentences
