// segment.words: the plugin shell. Segmentation lives in docpipe_segment_words_impl; this file reads
// the parameters, splits the text at block boundaries and adds "word" segments.
#include <docpipe/plugin.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "dictionary.hpp"
#include "word_segmenter.hpp"

namespace docpipe::segment_words {
namespace {

class SegmentWords final : public Segmenter {
 public:
  static constexpr const char* id = "segment.words";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* license = "MIT";
  static constexpr const char* description =
      "Adds \"word\" segments: a dictionary segmenter for Chinese, ICU word break for other languages";
  static constexpr dp_param_spec params[] = {
      Param("dict", DP_PARAM_PATH, "Chinese frequency dictionary, `word freq [tag]` lines")
          .def(default_dictionary_path),
      Param("user_dict", DP_PARAM_PATH, "Extra words on top (`word [freq] [tag]`; freq 0 removes a word)"),
      Param("lang", DP_PARAM_STRING,
            "Language when metadata.lang is absent: auto (Han runs by the dictionary), zh, ja, th, en, ...")
          .def("auto"),
      Param("hmm", DP_PARAM_BOOL, "Cut runs of characters the dictionary does not know with the HMM").def("true"),
      Param("convention", DP_PARAM_ENUM,
            "ud: split what the UD Chinese treebanks keep apart (一 个, 天津 市, 成 为); dictionary: as listed")
          .choices("ud|dictionary")
          .def("ud"),
      Param("punctuation", DP_PARAM_BOOL, "Also emit punctuation and symbols as segments").def("false"),
  };
  static constexpr const char* needs[] = {"text", nullptr};
  static constexpr const char* provides[] = {"segments:word", nullptr};

  explicit SegmentWords(Context& ctx)
      : lang_(ctx.params().string("lang")),
        segmenter_(load_shared_dictionary(std::string(ctx.params().string("dict")),
                                          ctx.params().is_set("user_dict")
                                              ? std::string(ctx.params().string("user_dict"))
                                              : std::string()),
                   Options{ctx.params().boolean("punctuation"), ctx.params().boolean("hmm"),
                           ctx.params().string("convention") == "ud"}) {}

  Result process(Document& doc) {
    std::string_view text = doc.text();
    if (text.empty()) return Result::ok();
    Mode mode = mode_for_language(doc.meta("lang").value_or(lang_));
    // Cut at every block edge so no word joins a heading to the next paragraph; the text between
    // blocks is cut as well, so nothing goes unsegmented.
    edges_.clear();
    edges_.push_back(0);
    edges_.push_back(text.size());
    for (size_t i = 0, n = doc.block_count(); i < n; ++i) {
      Block b = doc.block(i);
      edges_.push_back(std::min<uint64_t>(b.begin, text.size()));
      edges_.push_back(std::min<uint64_t>(b.end, text.size()));
    }
    std::sort(edges_.begin(), edges_.end());
    edges_.erase(std::unique(edges_.begin(), edges_.end()), edges_.end());
    words_.clear();
    for (size_t i = 0; i + 1 < edges_.size(); ++i) segmenter_.segment(text, edges_[i], edges_[i + 1], mode, words_);
    for (const Span& w : words_) {
      if (!doc.add_segment("word", w.begin, w.end)) {
        return Result::document_error(format("word [{}, {}) outside the text", w.begin, w.end));
      }
    }
    return Result::ok();
  }

 private:
  std::string lang_;
  WordSegmenter segmenter_;
  std::vector<uint64_t> edges_;
  std::vector<Span> words_;
};

}  // namespace
}  // namespace docpipe::segment_words

DOCPIPE_PLUGIN(docpipe::segment_words::SegmentWords)
