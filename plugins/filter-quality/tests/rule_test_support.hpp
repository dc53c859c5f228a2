// Builds test documents of known measure and runs one rule in isolation: every other rule's
// threshold is moved out of the way, so each test shows its own rule's boundary.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "params.hpp"
#include "quality_filter.hpp"
#include "text/chars.hpp"

namespace docpipe::filter_quality::test {

//! Runs the rule sets with the table's defaults, `only` (when set) as the one binding rule.
inline std::string judge(std::string_view text, std::string_view lang, unsigned sets,
                         const char* only = nullptr, Measures* measured = nullptr,
                         std::vector<std::pair<std::string, double>> overrides = {}) {
  NumberLookup number = [&](const char* name) {
    for (const auto& [k, v] : overrides) {
      if (k == name) return v;
    }
    double v = table_default(name);
    if (only == nullptr || std::string_view(name) == only) return v;
    for (const Rule& r : rules) {
      if (std::string_view(r.param) == name) {
        if (r.is_switch) return 0.0;
        return r.bound == Bound::min ? -1.0 : 1e18;
      }
    }
    return v;
  };
  QualityFilter filter(sets, number, analyzer_options(number, {}));
  DocumentText doc{text, lang, {}};
  Measures local;
  return filter.judge(doc, measured != nullptr ? *measured : local);
}

//! The i-th of a series of distinct pseudo-words, `length` letters long (from the alphabet
//! without vowels, so no English stop word can appear).
inline std::string pseudo_word(size_t i, size_t length = 5) {
  static constexpr std::string_view letters = "bcdfghjklmnpqrstvwxz";
  std::string w(length, 'b');
  for (size_t k = length; k-- > 0 && i > 0;) {
    w[k] = letters[i % letters.size()];
    i /= letters.size();
  }
  w[0] = 'q';  // never a real word
  return w;
}

//! The i-th of a series of distinct Han characters, none of them a stop word.
inline std::string han(size_t i) {
  std::string out;
  curation::append_utf8(out, static_cast<char32_t>(0x5800 + i % 8000));
  return out;
}

//! n distinct words from `first` on: space-separated pseudo-words, or Han characters for zh.
inline std::string words(bool zh, size_t n, size_t first = 0, size_t length = 5) {
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    if (zh) {
      out += han(first + i);
    } else {
      if (!out.empty()) out += ' ';
      out += pseudo_word(first + i + 1, length);
    }
  }
  return out;
}

}  // namespace docpipe::filter_quality::test
