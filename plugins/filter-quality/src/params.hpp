// filter.quality's parameter table. Every threshold's default is the value its paper uses; the
// README gives the source of each.
#pragma once

#include <docpipe/plugin.hpp>

#include <string_view>

namespace docpipe::filter_quality {

inline constexpr dp_param_spec quality_params[] = {
    Param("rules", DP_PARAM_LIST, "Rule sets to apply: gopher, c4, fineweb").def("gopher"),
    Param("lang", DP_PARAM_STRING,
          "Language when metadata.lang is absent: auto (zh/ja/ko by script, else en), or a code")
        .def("auto"),
    Param(
        "stop_words", DP_PARAM_LIST,
        "Stop words for the gopher stop-word rule, replacing the built-in list of every language"),
    Param("metadata", DP_PARAM_BOOL, "Write the measured values as quality.* metadata").def("true"),
    // Gopher quality (Rae et al. 2021, appendix A.1.1).
    Param("gopher_min_words", DP_PARAM_INT, "Fewest words (characters for zh/ja/ko)").def("50"),
    Param("gopher_max_words", DP_PARAM_INT, "Most words (characters for zh/ja/ko)").def("100000"),
    Param("gopher_min_avg_word_length", DP_PARAM_DOUBLE, "Shortest mean word length (not zh/ja/ko)")
        .def("3"),
    Param("gopher_max_avg_word_length", DP_PARAM_DOUBLE, "Longest mean word length (not zh/ja/ko)")
        .def("10"),
    Param("gopher_max_hash_ratio", DP_PARAM_DOUBLE, "Most '#' per word").def("0.1"),
    Param("gopher_max_ellipsis_ratio", DP_PARAM_DOUBLE, "Most ellipses per word").def("0.1"),
    Param("gopher_max_bullet_lines_ratio", DP_PARAM_DOUBLE, "Most lines starting with a bullet")
        .def("0.9"),
    Param("gopher_max_ellipsis_lines_ratio", DP_PARAM_DOUBLE, "Most lines ending in an ellipsis")
        .def("0.3"),
    Param("gopher_min_alpha_words_ratio", DP_PARAM_DOUBLE, "Fewest words with a letter").def("0.8"),
    Param("gopher_min_stop_words", DP_PARAM_INT, "Fewest stop words of the document's language")
        .def("2"),
    // Gopher repetition (Rae et al. 2021, table A1).
    Param("gopher_max_dup_lines_ratio", DP_PARAM_DOUBLE, "Most duplicate lines").def("0.3"),
    Param("gopher_max_dup_paragraphs_ratio", DP_PARAM_DOUBLE, "Most duplicate paragraphs")
        .def("0.3"),
    Param("gopher_max_dup_line_chars_ratio", DP_PARAM_DOUBLE, "Most characters in duplicate lines")
        .def("0.2"),
    Param("gopher_max_dup_paragraph_chars_ratio", DP_PARAM_DOUBLE,
          "Most characters in duplicate paragraphs")
        .def("0.2"),
    Param("gopher_max_top_2gram_ratio", DP_PARAM_DOUBLE, "Most characters in the top 2-gram")
        .def("0.2"),
    Param("gopher_max_top_3gram_ratio", DP_PARAM_DOUBLE, "Most characters in the top 3-gram")
        .def("0.18"),
    Param("gopher_max_top_4gram_ratio", DP_PARAM_DOUBLE, "Most characters in the top 4-gram")
        .def("0.16"),
    Param("gopher_max_dup_5gram_ratio", DP_PARAM_DOUBLE, "Most characters in repeated 5-grams")
        .def("0.15"),
    Param("gopher_max_dup_6gram_ratio", DP_PARAM_DOUBLE, "Most characters in repeated 6-grams")
        .def("0.14"),
    Param("gopher_max_dup_7gram_ratio", DP_PARAM_DOUBLE, "Most characters in repeated 7-grams")
        .def("0.13"),
    Param("gopher_max_dup_8gram_ratio", DP_PARAM_DOUBLE, "Most characters in repeated 8-grams")
        .def("0.12"),
    Param("gopher_max_dup_9gram_ratio", DP_PARAM_DOUBLE, "Most characters in repeated 9-grams")
        .def("0.11"),
    Param("gopher_max_dup_10gram_ratio", DP_PARAM_DOUBLE, "Most characters in repeated 10-grams")
        .def("0.10"),
    // C4 (Raffel et al. 2020, section 2.2).
    Param("c4_min_sentences", DP_PARAM_INT, "Fewest sentences in the lines C4 keeps").def("5"),
    Param("c4_min_words_per_line", DP_PARAM_INT, "Lines with fewer words are not counted").def("3"),
    Param("c4_max_word_length", DP_PARAM_INT, "Lines with a longer word are not counted")
        .def("1000"),
    Param("c4_lorem_ipsum", DP_PARAM_BOOL, "Drop documents with \"lorem ipsum\"").def("true"),
    Param("c4_curly_bracket", DP_PARAM_BOOL, "Drop documents with '{' in a kept line").def("true"),
    Param("c4_javascript", DP_PARAM_BOOL, "Do not count lines mentioning javascript").def("true"),
    Param("c4_policy", DP_PARAM_BOOL, "Do not count terms-of-use, privacy and cookie lines")
        .def("true"),
    // FineWeb (Penedo et al. 2024, section 3.3 and datatrove's FineWebQualityFilter).
    Param("fineweb_min_line_punct_ratio", DP_PARAM_DOUBLE,
          "Fewest lines ending in terminal punctuation")
        .def("0.12"),
    Param("fineweb_max_short_line_ratio", DP_PARAM_DOUBLE, "Most short lines").def("0.67"),
    Param("fineweb_short_line_length", DP_PARAM_INT,
          "A short line has at most this many characters")
        .def("30"),
    Param("fineweb_max_dup_line_chars_ratio", DP_PARAM_DOUBLE, "Most characters in duplicate lines")
        .def("0.01"),
    Param("fineweb_max_newline_ratio", DP_PARAM_DOUBLE, "Most newlines per word").def("0.3"),
};

//! The table's default of a parameter, as text ("" when it has none).
constexpr std::string_view default_of(std::string_view name) {
  for (const dp_param_spec& p : quality_params) {
    if (name == p.name) return p.default_value != nullptr ? p.default_value : "";
  }
  return "";
}

}  // namespace docpipe::filter_quality
