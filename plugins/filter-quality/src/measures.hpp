// What filter.quality measures on a document: one value per measure, written to metadata as
// quality.<name> and compared with the rules' thresholds.
#pragma once

#include <array>
#include <cstddef>

namespace docpipe::filter_quality {

enum class Measure : size_t {
  words,
  avg_word_length,
  hash_ratio,
  ellipsis_ratio,
  bullet_lines_ratio,
  ellipsis_lines_ratio,
  alpha_words_ratio,
  stop_words,
  dup_lines_ratio,
  dup_paragraphs_ratio,
  dup_line_chars_ratio,
  dup_paragraph_chars_ratio,
  top_2gram_ratio,
  top_3gram_ratio,
  top_4gram_ratio,
  dup_5gram_ratio,
  dup_6gram_ratio,
  dup_7gram_ratio,
  dup_8gram_ratio,
  dup_9gram_ratio,
  dup_10gram_ratio,
  c4_sentences,
  c4_lorem_ipsum,
  c4_curly_bracket,
  c4_lines_kept,
  line_punct_ratio,
  short_line_ratio,
  line_dup_chars_ratio,
  newline_ratio,
  count
};

constexpr size_t measure_count = static_cast<size_t>(Measure::count);

//! Metadata names, without the "quality." prefix, in the order of Measure.
inline constexpr std::array<const char*, measure_count> measure_names = {
    "words",
    "avg_word_length",
    "hash_ratio",
    "ellipsis_ratio",
    "bullet_lines_ratio",
    "ellipsis_lines_ratio",
    "alpha_words_ratio",
    "stop_words",
    "dup_lines_ratio",
    "dup_paragraphs_ratio",
    "dup_line_chars_ratio",
    "dup_paragraph_chars_ratio",
    "top_2gram_ratio",
    "top_3gram_ratio",
    "top_4gram_ratio",
    "dup_5gram_ratio",
    "dup_6gram_ratio",
    "dup_7gram_ratio",
    "dup_8gram_ratio",
    "dup_9gram_ratio",
    "dup_10gram_ratio",
    "c4_sentences",
    "c4_lorem_ipsum",
    "c4_curly_bracket",
    "c4_lines_kept",
    "line_punct_ratio",
    "short_line_ratio",
    "line_dup_chars_ratio",
    "newline_ratio",
};

//! The values measured on one document; a measure not taken (another rule set, or not defined
//! for the language) is absent and its rule does not apply.
struct Measures {
  std::array<double, measure_count> value{};
  std::array<bool, measure_count> has{};

  void set(Measure m, double v) {
    value[static_cast<size_t>(m)] = v;
    has[static_cast<size_t>(m)] = true;
  }
  bool has_value(Measure m) const { return has[static_cast<size_t>(m)]; }
  double get(Measure m) const { return value[static_cast<size_t>(m)]; }
  void clear() { has.fill(false); }
};

}  // namespace docpipe::filter_quality
