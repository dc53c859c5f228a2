// The rules of the gopher, c4 and fineweb sets: which measure each compares, in which direction,
// and the parameter that holds its threshold (the papers' value is that parameter's default).
#pragma once

#include "analyzer.hpp"
#include "measures.hpp"

namespace docpipe::filter_quality {

enum class Bound { min, max };

struct Rule {
  unsigned set;  //!< RuleSetBits
  Measure measure;
  Bound bound;        //!< min: drop below the threshold; max: drop above it
  const char* param;  //!< the threshold's parameter, or the switch of a yes/no rule
  bool is_switch;     //!< a bool parameter turns the rule on; its threshold is 0 (max)
};

inline constexpr Rule rules[] = {
    {gopher_set, Measure::words, Bound::min, "gopher_min_words", false},
    {gopher_set, Measure::words, Bound::max, "gopher_max_words", false},
    {gopher_set, Measure::avg_word_length, Bound::min, "gopher_min_avg_word_length", false},
    {gopher_set, Measure::avg_word_length, Bound::max, "gopher_max_avg_word_length", false},
    {gopher_set, Measure::hash_ratio, Bound::max, "gopher_max_hash_ratio", false},
    {gopher_set, Measure::ellipsis_ratio, Bound::max, "gopher_max_ellipsis_ratio", false},
    {gopher_set, Measure::bullet_lines_ratio, Bound::max, "gopher_max_bullet_lines_ratio", false},
    {gopher_set, Measure::ellipsis_lines_ratio, Bound::max, "gopher_max_ellipsis_lines_ratio",
     false},
    {gopher_set, Measure::alpha_words_ratio, Bound::min, "gopher_min_alpha_words_ratio", false},
    {gopher_set, Measure::stop_words, Bound::min, "gopher_min_stop_words", false},
    {gopher_set, Measure::dup_lines_ratio, Bound::max, "gopher_max_dup_lines_ratio", false},
    {gopher_set, Measure::dup_paragraphs_ratio, Bound::max, "gopher_max_dup_paragraphs_ratio",
     false},
    {gopher_set, Measure::dup_line_chars_ratio, Bound::max, "gopher_max_dup_line_chars_ratio",
     false},
    {gopher_set, Measure::dup_paragraph_chars_ratio, Bound::max,
     "gopher_max_dup_paragraph_chars_ratio", false},
    {gopher_set, Measure::top_2gram_ratio, Bound::max, "gopher_max_top_2gram_ratio", false},
    {gopher_set, Measure::top_3gram_ratio, Bound::max, "gopher_max_top_3gram_ratio", false},
    {gopher_set, Measure::top_4gram_ratio, Bound::max, "gopher_max_top_4gram_ratio", false},
    {gopher_set, Measure::dup_5gram_ratio, Bound::max, "gopher_max_dup_5gram_ratio", false},
    {gopher_set, Measure::dup_6gram_ratio, Bound::max, "gopher_max_dup_6gram_ratio", false},
    {gopher_set, Measure::dup_7gram_ratio, Bound::max, "gopher_max_dup_7gram_ratio", false},
    {gopher_set, Measure::dup_8gram_ratio, Bound::max, "gopher_max_dup_8gram_ratio", false},
    {gopher_set, Measure::dup_9gram_ratio, Bound::max, "gopher_max_dup_9gram_ratio", false},
    {gopher_set, Measure::dup_10gram_ratio, Bound::max, "gopher_max_dup_10gram_ratio", false},
    {c4_set, Measure::c4_sentences, Bound::min, "c4_min_sentences", false},
    {c4_set, Measure::c4_lorem_ipsum, Bound::max, "c4_lorem_ipsum", true},
    {c4_set, Measure::c4_curly_bracket, Bound::max, "c4_curly_bracket", true},
    {fineweb_set, Measure::line_punct_ratio, Bound::min, "fineweb_min_line_punct_ratio", false},
    {fineweb_set, Measure::short_line_ratio, Bound::max, "fineweb_max_short_line_ratio", false},
    {fineweb_set, Measure::line_dup_chars_ratio, Bound::max, "fineweb_max_dup_line_chars_ratio",
     false},
    {fineweb_set, Measure::newline_ratio, Bound::max, "fineweb_max_newline_ratio", false},
};

constexpr const char* set_name(unsigned set) {
  return set == gopher_set ? "gopher" : set == c4_set ? "c4" : "fineweb";
}

}  // namespace docpipe::filter_quality
