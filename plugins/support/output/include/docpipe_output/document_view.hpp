// A copy of what the structured sinks (Markdown, XML, CSV) render, taken from
// any type with docpipe::Document's accessors, so renderers are plain
// functions tested without the SDK.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <docpipe_output/metadata.hpp>

namespace docpipe::output {

//! Block kinds, numbered as dp_block_kind in docpipe/plugin.h.
enum class BlockKind : int { heading = 1, paragraph = 2, list_item = 3, table_cell = 4, quote = 5, code = 6 };

//! A block: [begin, end) byte offsets into the text.
struct BlockSpan {
  BlockKind kind = BlockKind::paragraph;
  uint32_t level = 0;  //!< heading 1-6, list depth from 1, else 0
  uint64_t begin = 0;
  uint64_t end = 0;
};

//! A segment: kind and [begin, end) byte offsets into the text.
struct SegmentSpan {
  std::string kind;
  uint64_t begin = 0;
  uint64_t end = 0;
};

//! A metadata entry owning its text.
struct MetaEntry {
  std::string key;
  std::string value;     //!< string form, or JSON text when is_json
  bool is_json = false;  //!< value is JSON
};

//! Everything a structured sink renders of one document.
struct DocumentView {
  std::string_view id;
  std::string_view text;
  std::vector<MetaEntry> metadata;  //!< as for_each_metadata() gives it
  std::vector<BlockSpan> blocks;
  std::vector<SegmentSpan> segments;
  //! The metadata value of key, or nullptr.
  const MetaEntry* meta(std::string_view key) const {
    for (const MetaEntry& m : metadata) {
      if (m.key == key) return &m;
    }
    return nullptr;
  }
};

//! Copies doc's metadata, blocks and segments; id and text stay views into doc.
template <class Doc>
DocumentView view_of(const Doc& doc) {
  DocumentView v;
  v.id = doc.id();
  v.text = doc.text();
  for_each_metadata(doc, [&](const MetaValue& m) {
    v.metadata.push_back({std::string(m.key), std::string(m.value), m.is_json});
  });
  for (size_t i = 0, n = doc.block_count(); i < n; ++i) {
    auto b = doc.block(i);
    v.blocks.push_back({static_cast<BlockKind>(static_cast<int>(b.kind)), b.level, b.begin, b.end});
  }
  for (size_t i = 0, n = doc.segment_count(); i < n; ++i) {
    auto s = doc.segment(i);
    v.segments.push_back({std::string(s.kind), s.begin, s.end});
  }
  return v;
}

//! A block as laid out for rendering, with the grouping the text implies.
struct LaidOutBlock {
  BlockKind kind = BlockKind::paragraph;
  uint32_t level = 0;
  uint64_t begin = 0;
  uint64_t end = 0;
  bool starts_group = false;  //!< first item of a list, first cell of a table
  bool starts_row = false;    //!< first cell of a table row
};

//! The blocks in text order, clipped to the text and to each other, with any
//! text outside blocks (or all text, when there are no blocks) as paragraphs
//! split at blank lines. Consecutive cells separated by one newline share a
//! row, a blank line starts the next row (the layout clean.html writes);
//! list items separated by a blank line start a new list.
std::vector<LaidOutBlock> lay_out(std::string_view text, std::vector<BlockSpan> blocks);

//! text[begin, end) with offsets clamped to the text.
std::string_view slice(std::string_view text, uint64_t begin, uint64_t end);

}  // namespace docpipe::output
