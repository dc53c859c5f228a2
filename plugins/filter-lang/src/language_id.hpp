// Language identification with CLD2 on a sample of the text, and the keep/drop decision of
// filter.lang, apart from the host so that tests drive it directly.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace docpipe::filter_lang {

struct Detection {
  std::string lang;  //!< BCP 47-style code ("en", "zh", "zh-Hant"); "" when unknown
  double confidence =
      0.0;             //!< 0..1: CLD2's share of the text in that language, halved if unreliable
  std::string source;  //!< "metadata" or "cld2"
};

//! CLD2 on at most max_bytes of the text (its middle, cut at character boundaries).
Detection detect_language(std::string_view text, size_t max_bytes);

struct LanguageRules {
  std::vector<std::string>
      languages;  //!< keep these (primary subtags match: "zh" keeps "zh-Hant"); empty: any
  double min_confidence = 0.65;
  bool always_detect = false;  //!< ignore metadata.lang
  bool keep_unknown = false;
  size_t max_sample = 64 * 1024;
};

//! Decides one document: fills out with the language used and returns "" to keep, else why not.
std::string judge_language(const LanguageRules& rules, std::optional<std::string_view> meta_lang,
                           std::optional<double> meta_confidence, std::string_view text,
                           Detection& out);

}  // namespace docpipe::filter_lang
