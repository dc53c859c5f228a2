#include <docpipe_output/document_view.hpp>

#include <algorithm>

namespace docpipe::output {
namespace {

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

// Paragraphs of a stretch of text outside blocks: split at blank lines, trimmed.
void add_gap_paragraphs(std::string_view text, uint64_t begin, uint64_t end, std::vector<LaidOutBlock>& out) {
  uint64_t start = begin;
  while (start < end) {
    size_t blank = text.substr(0, end).find("\n\n", start);
    uint64_t stop = blank == std::string_view::npos ? end : blank;
    uint64_t b = start, e = stop;
    while (b < e && is_space(text[b])) ++b;
    while (e > b && is_space(text[e - 1])) --e;
    if (b < e) out.push_back({BlockKind::paragraph, 0, b, e, false, false});
    start = stop + (blank == std::string_view::npos ? 0 : 2);
    if (blank == std::string_view::npos) break;
  }
}

}  // namespace

std::string_view slice(std::string_view text, uint64_t begin, uint64_t end) {
  uint64_t b = std::min<uint64_t>(begin, text.size());
  uint64_t e = std::min<uint64_t>(std::max(begin, end), text.size());
  return text.substr(b, e - b);
}

std::vector<LaidOutBlock> lay_out(std::string_view text, std::vector<BlockSpan> blocks) {
  std::stable_sort(blocks.begin(), blocks.end(),
                   [](const BlockSpan& a, const BlockSpan& b) { return a.begin < b.begin; });
  std::vector<LaidOutBlock> out;
  uint64_t pos = 0;
  for (const BlockSpan& block : blocks) {
    uint64_t begin = std::max<uint64_t>(block.begin, pos);
    uint64_t end = std::min<uint64_t>(block.end, text.size());
    if (begin >= end) continue;  // empty, outside the text, or inside the previous block
    add_gap_paragraphs(text, pos, begin, out);
    LaidOutBlock b{block.kind, block.level, begin, end, false, false};
    const LaidOutBlock* prev = out.empty() ? nullptr : &out.back();
    bool blank_between = prev != nullptr && text.substr(prev->end, begin - prev->end).find("\n\n") != std::string_view::npos;
    bool same_kind = prev != nullptr && prev->kind == b.kind;
    if (b.kind == BlockKind::table_cell) {
      b.starts_group = !same_kind;
      b.starts_row = !same_kind || blank_between;
    } else if (b.kind == BlockKind::list_item) {
      b.starts_group = !same_kind || blank_between;
    }
    out.push_back(b);
    pos = end;
  }
  add_gap_paragraphs(text, pos, text.size(), out);
  return out;
}

}  // namespace docpipe::output
