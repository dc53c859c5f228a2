#include "quality_filter.hpp"

#include <cstdio>
#include <stdexcept>
#include <string>

#include "params.hpp"

namespace docpipe::filter_quality {
namespace {

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

unsigned parse_rule_sets(const std::vector<std::string>& names) {
  unsigned sets = 0;
  for (const std::string& n : names) {
    if (n == "gopher") {
      sets |= gopher_set;
    } else if (n == "c4") {
      sets |= c4_set;
    } else if (n == "fineweb") {
      sets |= fineweb_set;
    } else {
      throw std::invalid_argument("unknown rule set '" + n + "' (gopher, c4, fineweb)");
    }
  }
  return sets;
}

double table_default(const char* name) {
  std::string v(default_of(name));
  if (v == "true") return 1;
  if (v == "false" || v.empty()) return 0;
  return std::stod(v);
}

AnalyzerOptions analyzer_options(const NumberLookup& number,
                                 const std::vector<std::string>& stop_words) {
  AnalyzerOptions o;
  o.c4_min_words_per_line = static_cast<size_t>(number("c4_min_words_per_line"));
  o.c4_max_word_length = static_cast<size_t>(number("c4_max_word_length"));
  o.c4_javascript = number("c4_javascript") != 0;
  o.c4_policy = number("c4_policy") != 0;
  o.fineweb_short_line_length = static_cast<size_t>(number("fineweb_short_line_length"));
  o.stop_words = default_stop_words();
  if (!stop_words.empty()) o.stop_words["*"] = stop_words;
  return o;
}

QualityFilter::QualityFilter(unsigned sets, const NumberLookup& number, AnalyzerOptions options)
    : sets_(sets), analyzer_(std::move(options)) {
  for (size_t i = 0; i < std::size(rules); ++i) {
    const Rule& r = rules[i];
    double v = number(r.param);
    enabled_[i] = (r.set & sets_) != 0 && (!r.is_switch || v != 0);
    thresholds_[i] = r.is_switch ? 0.0 : v;
  }
}

std::string QualityFilter::judge(const DocumentText& doc, Measures& out) {
  analyzer_.measure(doc, sets_, out);
  for (size_t i = 0; i < std::size(rules); ++i) {
    const Rule& r = rules[i];
    if (!enabled_[i] || !out.has_value(r.measure)) continue;
    double v = out.get(r.measure);
    bool fails = r.bound == Bound::min ? v < thresholds_[i] : v > thresholds_[i];
    if (!fails) continue;
    return std::string(set_name(r.set)) + ": " + measure_names[static_cast<size_t>(r.measure)] +
           " " + number_text(v) + (r.bound == Bound::min ? " < " : " > ") +
           number_text(thresholds_[i]) + " (" + r.param + ")";
  }
  return {};
}

}  // namespace docpipe::filter_quality
