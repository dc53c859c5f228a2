// test.segments: a stand-in for the segmentation plugins (another issue) so
// the sinks' segment output is tested end to end. Deliberately naive:
// sentences end after . ! ? 。！？ (and at block ends), chunks are the
// blocks, words are runs of ASCII letters/digits or single non-ASCII
// characters. Chunk headings go to metadata "chunk_headings" as sinks expect.
#include <docpipe/plugin.hpp>

#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace {

using docpipe::Result;

size_t char_length(unsigned char c) { return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2; }

bool ends_sentence(std::string_view text, size_t i, size_t n) {
  std::string_view c = text.substr(i, n);
  return c == "." || c == "!" || c == "?" || c == "。" || c == "！" || c == "？";
}

void add_sentences(docpipe::Document& doc, std::string_view text, size_t begin, size_t end) {
  size_t start = begin;
  for (size_t i = begin; i < end;) {
    size_t n = char_length(static_cast<unsigned char>(text[i]));
    if (i + n > end) break;
    i += n;
    if (ends_sentence(text, i - n, n)) {
      doc.add_segment("sentence", start, i);
      while (i < end && text[i] == ' ') ++i;
      start = i;
    }
  }
  if (start < end) doc.add_segment("sentence", start, end);
}

void add_words(docpipe::Document& doc, std::string_view text, size_t begin, size_t end) {
  for (size_t i = begin; i < end;) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t n = char_length(c);
    if (c < 0x80 && std::isalnum(c)) {
      size_t j = i;
      while (j < end && static_cast<unsigned char>(text[j]) < 0x80 && std::isalnum(static_cast<unsigned char>(text[j]))) ++j;
      doc.add_segment("word", i, j);
      i = j;
    } else {
      if (c >= 0x80 && i + n <= end) doc.add_segment("word", i, i + n);
      i += n;
    }
  }
}

class FakeSegments final : public docpipe::Segmenter {
 public:
  static constexpr const char* id = "test.segments";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* license = "MIT";
  static constexpr const char* description = "Naive sentences, chunks and words (test plugin)";
  static constexpr const char* needs[] = {"text", nullptr};
  static constexpr const char* provides[] = {"segments:sentence", "segments:chunk", "segments:word", nullptr};
  explicit FakeSegments(docpipe::Context&) {}

  Result process(docpipe::Document& doc) {
    std::string_view text = doc.text();
    struct Range { size_t begin, end; };
    std::vector<Range> blocks;
    for (size_t i = 0, n = doc.block_count(); i < n; ++i) blocks.push_back({doc.block(i).begin, doc.block(i).end});
    if (blocks.empty() && !text.empty()) blocks.push_back({0, text.size()});
    std::string headings = "[";
    std::string current;
    for (size_t i = 0; i < blocks.size(); ++i) {
      if (i < doc.block_count() && doc.block(i).kind == DP_BLOCK_HEADING) {
        current = std::string(text.substr(blocks[i].begin, blocks[i].end - blocks[i].begin));
      }
      doc.add_segment("chunk", blocks[i].begin, blocks[i].end);
      if (i > 0) headings += ",";
      headings += current.empty() ? std::string("null") : "\"" + escape(current) + "\"";
    }
    headings += "]";
    doc.set_meta_json("chunk_headings", headings);
    for (const Range& b : blocks) add_sentences(doc, text, b.begin, b.end);
    for (const Range& b : blocks) add_words(doc, text, b.begin, b.end);
    return Result::ok();
  }

 private:
  static std::string escape(std::string_view s) {
    std::string out;
    for (char c : s) {
      if (c == '"' || c == '\\') out += '\\';
      if (static_cast<unsigned char>(c) < 0x20) {
        out += ' ';
        continue;
      }
      out += c;
    }
    return out;
  }
};

}  // namespace

DOCPIPE_PLUGIN(FakeSegments)
