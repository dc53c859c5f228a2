// Cuts a range of UTF-8 text into word spans: Han runs by the dictionary segmenter (word graph, best
// path by log-probability, numerals, HMM for unknown runs), everything else by a fast Latin/digit
// tokenizer or ICU word break. One instance per worker: it owns reusable buffers and an ICU iterator.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dictionary.hpp"
#include "hmm.hpp"

struct UBreakIterator;

namespace docpipe::segment_words {

//! A word: byte offsets into the text, end exclusive.
struct Span {
  uint64_t begin;
  uint64_t end;
  bool operator==(const Span&) const = default;
};

//! How a range is cut.
enum class Mode {
  automatic,  //!< Han runs by the dictionary unless the range has kana; the rest by ICU
  chinese,    //!< Han runs by the dictionary, whatever else is there
  icu,        //!< ICU word break for everything (Japanese, Thai and space-separated languages)
};

//! Maps a language tag ("zh-Hans", "ja", "en", "auto", "") to a mode.
Mode mode_for_language(std::string_view lang) noexcept;

//! What the segmenter emits besides words.
struct Options {
  bool punctuation = false;  //!< also emit punctuation and symbols (one token each); never whitespace
  bool hmm = true;           //!< cut runs of unknown single characters with the HMM
  bool ud = true;            //!< split units jieba's list joins but UD keeps apart (一个, 天津市, 成为)
};

//! Segments ranges of text; not thread-safe (one per worker), the dictionary is shared.
class WordSegmenter {
 public:
  //! dict may be null when only ICU mode is used; an HMM is trained (once per dictionary) when asked.
  WordSegmenter(std::shared_ptr<const Dictionary> dict, Options options);
  ~WordSegmenter();
  WordSegmenter(const WordSegmenter&) = delete;
  WordSegmenter& operator=(const WordSegmenter&) = delete;

  //! Appends the words of text[begin, end) to out; no word leaves the range.
  void segment(std::string_view text, uint64_t begin, uint64_t end, Mode mode, std::vector<Span>& out);

 private:
  void cut_mixed(std::string_view text, uint64_t begin, uint64_t end, std::vector<Span>& out);
  //! Cuts the Han run decoded into chars_ and offsets_.
  void cut_han(std::vector<Span>& out);
  void flush_singles(std::vector<Span>& out);
  void emit_word(uint32_t i, uint32_t j, std::vector<Span>& out) const;
  void cut_simple(std::string_view text, uint64_t begin, uint64_t end, std::vector<Span>& out) const;
  void cut_icu(std::string_view text, uint64_t begin, uint64_t end, std::vector<Span>& out);

  std::shared_ptr<const Dictionary> dict_;
  std::shared_ptr<const WordHmm> hmm_;
  Options options_;
  UBreakIterator* icu_ = nullptr;
  float numeral_logp_ = 0;
  // Reused per Han run so the hot loop allocates nothing once warm.
  std::vector<char32_t> chars_;
  std::vector<uint64_t> offsets_;
  std::vector<double> best_;  // double: sums over a long run lose the differences that decide in float
  std::vector<uint32_t> next_;
  uint32_t run_begin_ = 0;  // pending run of single characters: chars_[run_begin_, run_begin_ + run_len_)
  uint32_t run_len_ = 0;
  std::vector<uint32_t> lengths_;
  std::vector<double> hmm_score_;
  std::vector<uint8_t> hmm_back_;
};

}  // namespace docpipe::segment_words
