#include "metadata/language.hpp"

// compact_lang_det.h uses FILE without including <cstdio>.
#include <cstdio>

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

#include <string>

#include "metadata/text_util.hpp"

namespace docpipe::clean_html {
namespace {

// Below this many letters of text CLD2's answer is a guess (its own
// reliability flag is set on far less); a CJK character counts as 3 bytes,
// so 60 bytes is 20 Chinese characters or about 10 English words.
constexpr int kMinTextBytes = 60;
// Below this share of the text, the top language is not the page's.
constexpr int kMinPercent = 50;

// The middle of the text, cut at character boundaries so that CLD2 sees
// valid UTF-8: the middle of a page is its body more often than its start
// (menus) or end (footers), and CLD2 costs about 30 us per KiB here, so it
// gets a sample, not the page.
std::string_view middle_sample(std::string_view s, size_t max) {
  if (s.size() <= max) return s;
  size_t begin = (s.size() - max) / 2;
  size_t end = begin + max;
  while (begin < end && (static_cast<unsigned char>(s[begin]) & 0xC0) == 0x80) ++begin;
  while (end > begin && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(begin, end - begin);
}

std::string from_cld2(CLD2::Language lang) {
  if (lang == CLD2::CHINESE) return "zh";
  if (lang == CLD2::CHINESE_T) return "zh-Hant";
  std::string code = CLD2::LanguageCode(lang);
  // CLD2 keeps a few withdrawn ISO 639 codes.
  if (code == "iw") return "he";
  if (code == "jw") return "jv";
  if (code == "in") return "id";
  return code;
}

}  // namespace

std::string normalize_language_tag(std::string_view tag) {
  tag = meta_text::trim(tag);
  // "en-US,en;q=0.9" in a Content-Language: the first one.
  tag = tag.substr(0, tag.find_first_of(",; "));
  std::string t = meta_text::to_lower(tag);
  for (char& c : t) c = c == '_' ? '-' : c;
  size_t dash = t.find('-');
  std::string primary = t.substr(0, dash);
  if (primary.size() < 2 || primary.size() > 3) return {};
  for (char c : primary) {
    if (c < 'a' || c > 'z') return {};
  }
  if (primary == "zh" && dash != std::string::npos) {
    std::string_view rest = std::string_view(t).substr(dash + 1);
    if (rest.starts_with("hant") || rest == "tw" || rest == "hk" || rest == "mo") return "zh-Hant";
  }
  if (primary == "iw") return "he";
  return primary;
}

LanguageGuess detect_language(std::string_view text, std::string_view declared, size_t max_bytes) {
  LanguageGuess out;
  std::string declared_norm = normalize_language_tag(declared);
  std::string hint(meta_text::trim(declared).substr(0, 32));

  CLD2::CLDHints hints{hint.empty() ? nullptr : hint.c_str(), nullptr, CLD2::UNKNOWN_ENCODING,
                       CLD2::UNKNOWN_LANGUAGE};
  struct Run {
    CLD2::Language top = CLD2::UNKNOWN_LANGUAGE;
    CLD2::Language language3[3];
    int percent3[3] = {0, 0, 0};
    double score3[3] = {0, 0, 0};
    int text_bytes = 0;
    bool reliable = false;
    int valid_prefix = 0;
  };
  auto detect = [&](std::string_view sample) {
    Run r;
    r.top = CLD2::ExtDetectLanguageSummaryCheckUTF8(
        sample.data(), static_cast<int>(sample.size()), true, &hints, 0, r.language3, r.percent3,
        r.score3, nullptr, &r.text_bytes, &r.reliable, &r.valid_prefix);
    return r;
  };
  Run run = detect(middle_sample(text, max_bytes));
  // A middle that is a table of numbers says nothing: try the start once.
  if ((run.top == CLD2::UNKNOWN_LANGUAGE || !run.reliable) && text.size() > max_bytes) {
    Run start = detect(middle_sample(text.substr(0, max_bytes + max_bytes / 2), max_bytes));
    if (start.top != CLD2::UNKNOWN_LANGUAGE && (start.reliable || run.top == CLD2::UNKNOWN_LANGUAGE)) {
      run = start;
    }
  }
  CLD2::Language top = run.top;
  const int* percent3 = run.percent3;
  int text_bytes = run.text_bytes;
  bool reliable = run.reliable;

  bool known = top != CLD2::UNKNOWN_LANGUAGE && top != CLD2::TG_UNKNOWN_LANGUAGE;
  bool trustworthy = known && reliable && text_bytes >= kMinTextBytes && percent3[0] >= kMinPercent;
  if (trustworthy || (known && declared_norm.empty())) {
    out.lang = from_cld2(top);
    out.confidence = percent3[0] / 100.0 * (trustworthy ? 1.0 : 0.5);
    out.detected = true;
    // A page that says zh-Hant and reads as Chinese is taken at its word;
    // CLD2 only says zh-Hant when it is sure of the script.
    if (out.lang == "zh" && declared_norm == "zh-Hant") out.lang = declared_norm;
    return out;
  }
  out.lang = declared_norm;
  return out;
}

}  // namespace docpipe::clean_html
