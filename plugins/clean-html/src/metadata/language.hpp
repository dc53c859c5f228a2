// Language of a page: CLD2 on the extracted text, with what the page declares
// (<html lang>, Content-Language) as a hint and as the fallback for text too
// short to judge.
#pragma once

#include <string>
#include <string_view>

namespace docpipe::clean_html {

//! What the page's language came out as.
struct LanguageGuess {
  std::string lang;          //!< ISO 639-1 ("en", "zh", "zh-Hant"); empty when unknown
  double confidence = 0;     //!< 0-1 from CLD2; 0 when the declaration decided
  bool detected = false;     //!< true when CLD2 decided, false when the declaration did
};

//! "en-US" -> "en", "zh-CN" -> "zh", "zh-TW" / "zh-Hant" -> "zh-Hant"; empty
//! for something that is no language tag.
std::string normalize_language_tag(std::string_view tag);

//! Detects the language of UTF-8 text (a sample of max_bytes from its middle).
//! declared is the page's own claim, raw ("en-US"); it is used when the text
//! is too short or CLD2 is unsure.
LanguageGuess detect_language(std::string_view text, std::string_view declared,
                              size_t max_bytes = 1024);

}  // namespace docpipe::clean_html
