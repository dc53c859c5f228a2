// Measures a document and applies the rules of the chosen sets: the plugin's logic, apart from the
// host so that tests drive it directly.
#pragma once

#include <array>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer.hpp"
#include "rules.hpp"

namespace docpipe::filter_quality {

//! A parameter's value as a number (bools as 0/1), by name.
using NumberLookup = std::function<double(const char* name)>;

//! Reads rule set names ("gopher", "c4", "fineweb"); throws std::invalid_argument on others.
unsigned parse_rule_sets(const std::vector<std::string>& names);

//! The number a parameter of the table defaults to (for tests and benchmarks).
double table_default(const char* name);

class QualityFilter {
 public:
  QualityFilter(unsigned sets, const NumberLookup& number, AnalyzerOptions options);
  //! Measures the document; returns "" to keep it, else why it is dropped
  //! ("gopher: words 12 < 50 (gopher_min_words)").
  std::string judge(const DocumentText& doc, Measures& out);

 private:
  unsigned sets_;
  std::array<double, std::size(rules)> thresholds_{};
  std::array<bool, std::size(rules)> enabled_{};
  Analyzer analyzer_;
};

//! Analyzer options from the same parameters (c4 line rules, fineweb short lines, stop words).
AnalyzerOptions analyzer_options(const NumberLookup& number,
                                 const std::vector<std::string>& stop_words);

}  // namespace docpipe::filter_quality
