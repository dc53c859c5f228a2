// filter.quality: the plugin shell. Reads the parameters, picks the language and word units of each
// document, writes the measures as quality.* metadata and drops what a rule rejects.
#include <docpipe/plugin.hpp>

#include <cstdio>
#include <string>

#include "params.hpp"
#include "quality_filter.hpp"
#include "text/chars.hpp"

namespace docpipe::filter_quality {
namespace {

NumberLookup host_numbers(const Params& p) {
  return [&p](const char* name) { return p.real(name); };
}

class FilterQuality final : public Transform {
 public:
  static constexpr const char* id = "filter.quality";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* license = "MIT";
  static constexpr const char* description =
      "Drops low-quality text by the gopher, c4 and fineweb rules (CJK-aware); quality.* metadata";
  static constexpr const dp_param_spec (&params)[std::size(quality_params)] = quality_params;
  static constexpr const char* needs[] = {"text", nullptr};
  static constexpr const char* provides[] = {"metadata:quality", nullptr};

  explicit FilterQuality(Context& ctx)
      : lang_(ctx.params().string("lang")),
        write_metadata_(ctx.params().boolean("metadata")),
        filter_(parse_rule_sets(ctx.params().list("rules")), host_numbers(ctx.params()),
                analyzer_options(host_numbers(ctx.params()), ctx.params().list("stop_words"))) {}

  Result process(Document& doc) {
    DocumentText in;
    in.text = doc.text();
    std::string lang(doc.meta("lang").value_or(""));
    if (lang.empty() || lang == "und") lang = lang_;
    if (lang == "auto") {
      std::string_view cjk = curation::guess_cjk_language(in.text);
      lang = cjk.empty() ? "en" : std::string(cjk);
    }
    in.lang = lang;
    if (curation::is_cjk_language(lang)) {
      for (size_t i = 0, n = doc.segment_count(); i < n; ++i) {
        Segment s = doc.segment(i);
        if (s.kind == "word" && s.end <= in.text.size() && s.begin < s.end) {
          in.words.push_back(curation::describe_token(in.text, s.begin, s.end));
        }
      }
    }
    std::string why = filter_.judge(in, measures_);
    if (write_metadata_) {
      char buf[32];
      for (size_t i = 0; i < measure_count; ++i) {
        if (!measures_.has[i]) continue;
        std::snprintf(buf, sizeof buf, "%.6g", measures_.value[i]);
        doc.set_meta_json(std::string("quality.") + measure_names[i], buf);
      }
    }
    return why.empty() ? Result::ok() : Result::dropped(why);
  }

 private:
  std::string lang_;
  bool write_metadata_;
  QualityFilter filter_;
  Measures measures_;
};

}  // namespace
}  // namespace docpipe::filter_quality

DOCPIPE_PLUGIN(docpipe::filter_quality::FilterQuality)
