#include "language_id.hpp"

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

#include <algorithm>
#include <cstdio>

namespace docpipe::filter_lang {
namespace {

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The middle of the text: a page's body more often than its start (menus) or end (footers).
std::string_view middle(std::string_view s, size_t max) {
  if (s.size() <= max) return s;
  size_t b = (s.size() - max) / 2;
  size_t e = b + max;
  while (b < s.size() && is_continuation(s[b])) ++b;
  while (e > b && e < s.size() && is_continuation(s[e])) --e;
  return s.substr(b, e - b);
}

std::string code_of(CLD2::Language lang) {
  if (lang == CLD2::CHINESE) return "zh";
  if (lang == CLD2::CHINESE_T) return "zh-Hant";
  std::string code = CLD2::LanguageCode(lang);
  // CLD2 keeps a few withdrawn ISO 639 codes.
  if (code == "iw") return "he";
  if (code == "jw") return "jv";
  if (code == "in") return "id";
  return code;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

std::string_view primary(std::string_view code) {
  return code.substr(0, std::min(code.find_first_of("-_"), code.size()));
}

bool listed(const std::vector<std::string>& languages, std::string_view lang) {
  std::string l = lower(lang);
  for (const std::string& want : languages) {
    std::string w = lower(want);
    if (w == l || w == primary(l)) return true;
  }
  return false;
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

}  // namespace

Detection detect_language(std::string_view text, size_t max_bytes) {
  Detection d;
  d.source = "cld2";
  std::string_view sample = middle(text, max_bytes);
  if (sample.empty()) return d;
  CLD2::CLDHints hints{nullptr, nullptr, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
  CLD2::Language language3[3];
  int percent3[3] = {0, 0, 0};
  double score3[3] = {0, 0, 0};
  int text_bytes = 0;
  bool reliable = false;
  int valid_prefix = 0;
  CLD2::Language top = CLD2::ExtDetectLanguageSummaryCheckUTF8(
      sample.data(), static_cast<int>(sample.size()), true, &hints, 0, language3, percent3, score3,
      nullptr, &text_bytes, &reliable, &valid_prefix);
  if (top == CLD2::UNKNOWN_LANGUAGE || top == CLD2::TG_UNKNOWN_LANGUAGE) return d;
  d.lang = code_of(top);
  d.confidence = percent3[0] / 100.0 * (reliable ? 1.0 : 0.5);
  return d;
}

std::string judge_language(const LanguageRules& rules, std::optional<std::string_view> meta_lang,
                           std::optional<double> meta_confidence, std::string_view text,
                           Detection& out) {
  if (!rules.always_detect && meta_lang && !meta_lang->empty() && *meta_lang != "und") {
    out.lang = std::string(*meta_lang);
    out.confidence = meta_confidence.value_or(1.0);
    out.source = "metadata";
  } else {
    out = detect_language(text, rules.max_sample);
  }
  if (out.lang.empty()) {
    return rules.keep_unknown ? "" : "language unknown (keep_unknown=false)";
  }
  if (!rules.languages.empty() && !listed(rules.languages, out.lang)) {
    std::string list;
    for (const auto& l : rules.languages) list += (list.empty() ? "" : ",") + l;
    return "language " + out.lang + " not in languages=" + list;
  }
  if (out.confidence < rules.min_confidence) {
    return "language " + out.lang + " confidence " + number(out.confidence) + " < " +
           number(rules.min_confidence) + " (min_confidence)";
  }
  return {};
}

}  // namespace docpipe::filter_lang
