// segment.sentences: the plugin shell over SentenceSplitter. Runs per block
// when the document has blocks (so no sentence crosses one), else per
// paragraph (text split at blank lines).
#include <docpipe/plugin.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "sentence_splitter.hpp"
#include "units.hpp"

namespace docpipe::segment_sentences {
namespace {

class SegmentSentences final : public Segmenter {
 public:
  static constexpr const char* id = "segment.sentences";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* license = "MIT";
  static constexpr const char* description =
      "Adds \"sentence\" segments: ICU sentence break plus abbreviation, list, ellipsis and CJK "
      "rules";
  static constexpr dp_param_spec params[] = {
      Param(
          "lang", DP_PARAM_STRING,
          "Language of the abbreviation rules (en, de, fr, …); auto = metadata.lang, else English")
          .def("auto"),
  };
  static constexpr const char* needs[] = {"text", nullptr};
  static constexpr const char* provides[] = {"segments:sentence", nullptr};

  explicit SegmentSentences(Context& ctx) : lang_(ctx.params().string("lang")) {}

  Result process(Document& doc) {
    std::string_view text = doc.text();
    if (text.empty()) return Result::ok();
    std::string_view lang = lang_;
    if (lang == "auto") lang = doc.meta("lang").value_or("auto");
    splitter_.set_language(lang);

    units_.clear();
    size_t blocks = doc.block_count();
    if (blocks > 0) {
      for (size_t i = 0; i < blocks; ++i) {
        Block b = doc.block(i);
        units_.push_back({b.begin, b.end});
      }
      disjoint_blocks(units_, text.size());
    } else {
      paragraph_ranges(text, units_);
    }
    sentences_.clear();
    for (const Span& u : units_) splitter_.split(text, u.begin, u.end, sentences_);
    for (const Span& s : sentences_) {
      if (!doc.add_segment("sentence", s.begin, s.end)) {
        return Result::document_error(format("sentence [{}, {}) outside the text", s.begin, s.end));
      }
    }
    return Result::ok();
  }

 private:
  std::string lang_;
  SentenceSplitter splitter_;
  std::vector<Span> units_;
  std::vector<Span> sentences_;
};

}  // namespace
}  // namespace docpipe::segment_sentences

DOCPIPE_PLUGIN(docpipe::segment_sentences::SegmentSentences)
