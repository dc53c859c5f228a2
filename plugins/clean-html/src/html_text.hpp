// Visible text of an HTML page, with its block structure: what a reader
// would see, laid out as plain text, and where each block lies in it.
//
// Layout of the text:
//  - Each block is a run of text with no leading or trailing whitespace;
//    code blocks keep their inner whitespace and the first line's indent.
//  - Blocks are separated by "\n\n", except consecutive items of one list
//    (nested lists included) and consecutive cells of one table row, which
//    are separated by "\n".
//  - <br> is "\n" inside a block; two or more <br> in a row end the block
//    and start a new one of the same kind.
//  - Whitespace collapses as in a browser's normal flow (NBSP and U+3000
//    count as whitespace); nothing is inserted where the source had no
//    whitespace, so CJK text keeps its spacing across inline elements.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "html_tree.hpp"

namespace docpipe::clean_html {

//! Kinds of block, numbered as the SDK's dp_block_kind.
enum class BlockKind : uint8_t {
  heading = 1,
  paragraph = 2,
  list_item = 3,
  table_cell = 4,
  quote = 5,
  code = 6
};

//! One block: [begin, end) byte offsets into the text.
struct TextBlock {
  BlockKind kind;
  uint32_t level;  //!< heading 1-6, list nesting depth from 1, else 0
  size_t begin;
  size_t end;
};

//! What extraction produces; reuse one across documents to keep capacity.
struct ExtractedText {
  std::string text;
  std::vector<TextBlock> blocks;
  std::string title;  //!< <title>, whitespace collapsed
  std::string lang;   //!< <html lang>, trimmed
  //! Empties every field, keeping capacity.
  void clear() noexcept;
};

//! How extraction ended.
enum class ExtractStatus : uint8_t { ok, too_many_nodes, too_deep, parse_failed };

//! Parses HTML and extracts its visible text. Not thread-safe: one per worker.
class TextExtractor {
 public:
  explicit TextExtractor(ParseLimits limits = {});

  //! Extracts from valid UTF-8 HTML into out (cleared first). On a status
  //! other than ok, out is empty.
  ExtractStatus extract(std::string_view utf8_html, ExtractedText& out);

  //! The limits in force.
  const ParseLimits& limits() const noexcept { return limits_; }
  //! The parser, for details of the last parse (node count, depth, error).
  const HtmlParser& parser() const noexcept { return parser_; }

 private:
  ParseLimits limits_;
  HtmlParser parser_;
};

}  // namespace docpipe::clean_html
