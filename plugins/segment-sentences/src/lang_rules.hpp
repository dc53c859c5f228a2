// Per-language data for the sentence rules: abbreviations, titles and the
// words that usually open a sentence. The lists are data, not code, so a
// language is added by adding rows.
#pragma once

#include <string_view>

namespace docpipe::segment_sentences {

//! Sorted, lower-case word lists for one language (the "." not included).
struct LangRules {
  //! Words whose "." never ends a sentence (they precede a name: mr, dr, mt).
  const std::string_view* titles;
  size_t title_count;
  //! Words whose "." ends a sentence only when a sentence-opening word follows.
  const std::string_view* abbreviations;
  size_t abbreviation_count;
  //! Words whose "." never ends a sentence before a number (p. 55, No. 5).
  const std::string_view* number_prefixes;
  size_t number_prefix_count;
  //! Capitalised words that usually open a sentence (case-folded).
  const std::string_view* starters;
  size_t starter_count;
  //! "12. Juni": a number with a "." before a word is an ordinal, not an end.
  bool ordinal_dot;
  //! Informal writing in this language may open a sentence in lower case
  //! ("are you kidding? why would you"): a lower-case word after a plain
  //! word and "." "?" "!" starts one.
  bool lower_case_starts;
};

//! Rules for a language tag ("en", "de-AT", "zh-Hans"); English for unknown or "auto".
const LangRules& rules_for(std::string_view lang);
//! Whether a lower-case word is in a sorted list.
bool in_list(const std::string_view* list, size_t count, std::string_view word);
//! Lower-case abbreviations whose "." is no sentence end before a lower-case
//! word ("approx. ten", "incl. tax"), beyond the abbreviation lists (English).
bool is_lower_case_abbreviation(std::string_view lower);
//! The English rules; other Latin/Cyrillic languages consult them as well.
const LangRules& english_rules();

}  // namespace docpipe::segment_sentences
