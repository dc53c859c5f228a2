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

//! Chooses which elements a layout walk reads (main-content extraction
//! prunes boilerplate subtrees with one).
class ElementFilter {
 public:
  virtual ~ElementFilter() = default;
  //! False skips the element and its subtree. Called only for elements that
  //! are visible.
  virtual bool keep(HtmlNode element) const = 0;
};

//! Options of layout_text.
struct LayoutOptions {
  const ElementFilter* filter = nullptr;  //!< null reads every visible element
  //! When set, gets one entry per block appended: bytes of the block's text
  //! that came from inside <a> (link density of blocks).
  std::vector<uint32_t>* link_bytes = nullptr;
  //! Lay out only root's content, as if root were a plain <div>: a
  //! content container found inside a layout table cell (or a list item)
  //! must not make every block of the article a table cell.
  bool root_content_only = false;
  //! Lay out the content of <noscript> as a block, and elements hidden by
  //! `hidden`, aria-hidden or an inline style: for pages that show nothing
  //! until scripts run (a crawler view in <noscript>, a body wrapped in
  //! visibility:hidden until the scripts have loaded).
  bool read_script_hidden = false;
};

//! Lays out the visible text under root (root itself included), appending
//! blocks to out.text / out.blocks by the rules above. Title and lang are
//! not touched.
void layout_text(HtmlNode root, ExtractedText& out, const LayoutOptions& options = {});

//! Sets out.title (first <title> of head) and out.lang (<html lang>).
void read_title_and_lang(const HtmlParser& parser, ExtractedText& out);

//! True for an element whose subtree is never visible text: head, script,
//! style, media, form controls, <title>, `hidden`, `aria-hidden`, inline
//! display:none.
bool is_invisible(HtmlNode element);

//! True for tags that start and end a block of text (p, div, li, h1, td, ...).
bool is_block_level(Tag tag);

//! How extraction ended.
enum class ExtractStatus : uint8_t { ok, too_many_nodes, too_deep, parse_failed };

//! What a parse that ended with `status` means for an extraction: ok, or
//! the reason it stops.
ExtractStatus extract_status(ParseStatus status);

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
