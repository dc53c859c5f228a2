// filter.lang: the plugin shell. Keeps documents whose language (metadata.lang, else CLD2 on the
// text) is listed, above a confidence; writes lang, lang_confidence and lang_source.
#include <docpipe/plugin.hpp>

#include <charconv>
#include <cstdio>
#include <string>

#include "language_id.hpp"

namespace docpipe::filter_lang {
namespace {

std::optional<double> parse_number(std::optional<std::string_view> s) {
  if (!s) return std::nullopt;
  double v = 0;
  auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc() || p != s->data() + s->size()) return std::nullopt;
  return v;
}

class FilterLang final : public Transform {
 public:
  static constexpr const char* id = "filter.lang";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* license = "MIT";
  static constexpr const char* description =
      "Keeps documents in the listed languages (metadata.lang, else CLD2 on the text) above a "
      "confidence";
  static constexpr dp_param_spec params[] = {
      Param("languages", DP_PARAM_LIST,
            "Languages to keep (en, zh, ...; zh keeps zh-Hant); empty: any"),
      Param("min_confidence", DP_PARAM_DOUBLE, "Lowest confidence kept (datatrove's default)")
          .def("0.65")
          .range("0", "1"),
      Param("source", DP_PARAM_ENUM,
            "metadata: metadata.lang when present, else CLD2; detect: always CLD2 on the text")
          .choices("metadata|detect")
          .def("metadata"),
      Param("keep_unknown", DP_PARAM_BOOL, "Keep documents whose language is unknown").def("false"),
      Param("max_sample", DP_PARAM_SIZE, "Bytes of text CLD2 reads (the middle of the text)")
          .def("64KiB")
          .range("256", "64MiB"),
  };
  static constexpr const char* needs[] = {"text", nullptr};
  static constexpr const char* provides[] = {"metadata:lang", "metadata:lang_confidence", nullptr};
  static constexpr uint32_t flags = DP_FLAG_THREAD_SAFE;  // no state between documents

  explicit FilterLang(Context& ctx) {
    rules_.languages = ctx.params().list("languages");
    rules_.min_confidence = ctx.params().real("min_confidence");
    rules_.always_detect = ctx.params().string("source") == "detect";
    rules_.keep_unknown = ctx.params().boolean("keep_unknown");
    rules_.max_sample = ctx.params().size("max_sample");
  }

  Result process(Document& doc) {
    Detection d;
    std::string why = judge_language(rules_, doc.meta("lang"),
                                     parse_number(doc.meta("lang_confidence")), doc.text(), d);
    if (!d.lang.empty()) {
      doc.set_meta("lang", d.lang);
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.3g", d.confidence);
      doc.set_meta_json("lang_confidence", buf);
    }
    doc.set_meta("lang_source", d.source);
    return why.empty() ? Result::ok() : Result::dropped(why);
  }

 private:
  LanguageRules rules_;
};

}  // namespace
}  // namespace docpipe::filter_lang

DOCPIPE_PLUGIN(docpipe::filter_lang::FilterLang)
