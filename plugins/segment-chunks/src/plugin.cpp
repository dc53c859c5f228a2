// segment.chunks: the plugin shell. Reads tokens ("word" segments when an
// earlier stage made them), block and sentence starts from the document,
// adds "chunk" segments and the chunk_headings metadata.
#include <docpipe/plugin.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "chunker.hpp"
#include "headings.hpp"
#include "tokens.hpp"

namespace docpipe::segment_chunks {
namespace {

class SegmentChunks final : public Segmenter {
 public:
  static constexpr const char* id = "segment.chunks";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* license = "MIT";
  static constexpr const char* description =
      "Adds \"chunk\" segments of at most max_tokens, cut at blocks, then sentences, then words; "
      "heading paths in metadata chunk_headings";
  static constexpr dp_param_spec params[] = {
      Param("max_tokens", DP_PARAM_INT, "Most tokens (words; CJK characters) in a chunk")
          .def("512")
          .range("1", "1000000"),
      Param("overlap", DP_PARAM_INT, "Tokens a chunk repeats from the end of the one before")
          .def("0")
          .range("0", "999999"),
  };
  static constexpr const char* needs[] = {"text", nullptr};
  static constexpr const char* provides[] = {"segments:chunk", "metadata:chunk_headings", nullptr};

  explicit SegmentChunks(Context& ctx)
      : chunker_(ChunkOptions{static_cast<size_t>(ctx.params().integer("max_tokens")),
                              static_cast<size_t>(ctx.params().integer("overlap"))}) {}

  Result process(Document& doc) {
    std::string_view text = doc.text();
    tokens_.clear();
    blocks_.clear();
    sentences_.clear();
    headings_.clear();
    chunks_.clear();
    anchors_.clear();
    block_begins_.clear();
    soft_.clear();
    if (text.empty()) return Result::ok();

    bool have_words = false;
    for (size_t i = 0, n = doc.segment_count(); i < n; ++i) {
      Segment s = doc.segment(i);
      if (s.end <= s.begin || s.end > text.size()) continue;
      if (s.kind == "word") {
        have_words = true;
        tokens_.push_back({s.begin, s.end});
      } else if (s.kind == "sentence") {
        sentences_.push_back(s.begin);
      }
    }
    if (have_words) {
      tokens_from_words(text, tokens_);
    } else {
      scan_tokens(text, tokens_);
    }
    std::sort(sentences_.begin(), sentences_.end());
    for (size_t i = 0, n = doc.block_count(); i < n; ++i) {
      Block b = doc.block(i);
      if (b.kind == DP_BLOCK_HEADING) headings_.push_back({b.begin, b.end, b.level});
      blocks_.push_back({b.begin, b.end, b.kind == DP_BLOCK_HEADING ? 1u : 0u});
    }
    std::sort(blocks_.begin(), blocks_.end(), [](const Heading& a, const Heading& b) { return a.begin < b.begin; });
    // A heading stays with the text it introduces: the block after it is cut only like a sentence.
    for (size_t i = 0; i < blocks_.size(); ++i) {
      bool after_heading = i > 0 && blocks_[i - 1].level == 1 && blocks_[i].level == 0;
      (after_heading ? soft_ : block_begins_).push_back(blocks_[i].begin);
    }
    std::sort(headings_.begin(), headings_.end(), [](const Heading& a, const Heading& b) { return a.begin < b.begin; });

    BoundaryHints hints;
    hints.block_begins = &block_begins_;
    hints.soft_begins = &soft_;
    hints.sentence_begins = sentences_.empty() ? nullptr : &sentences_;
    chunker_.chunk(text, tokens_, hints, chunks_, &anchors_);
    for (const Range& c : chunks_) {
      if (!doc.add_segment("chunk", c.begin, c.end))
        return Result::document_error(format("chunk [{}, {}) outside the text", c.begin, c.end));
    }
    json_.clear();
    heading_paths_json(text, headings_, anchors_, json_);
    if (!doc.set_meta_json("chunk_headings", json_))
      return Result::document_error("chunk_headings is not valid JSON");
    return Result::ok();
  }

 private:
  Chunker chunker_;
  std::vector<Range> tokens_;
  std::vector<Heading> blocks_;  // every block; level 1 marks a heading here
  std::vector<uint64_t> block_begins_;
  std::vector<uint64_t> soft_;
  std::vector<uint64_t> anchors_;
  std::vector<uint64_t> sentences_;
  std::vector<Heading> headings_;
  std::vector<Range> chunks_;
  std::string json_;
};

}  // namespace
}  // namespace docpipe::segment_chunks

DOCPIPE_PLUGIN(docpipe::segment_chunks::SegmentChunks)
