#include "units.hpp"

#include <algorithm>

namespace docpipe::segment_sentences {

void paragraph_ranges(std::string_view text, std::vector<Span>& out) {
  size_t start = 0, i = 0;
  while (i < text.size()) {
    if (text[i] != '\n') {
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < text.size() && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r')) ++j;
    if (j < text.size() && text[j] == '\n') {
      if (i > start) out.push_back({start, i});
      while (j < text.size() &&
             (text[j] == '\n' || text[j] == ' ' || text[j] == '\t' || text[j] == '\r'))
        ++j;
      start = j;
      i = j;
    } else {
      i = j;
    }
  }
  if (text.size() > start) out.push_back({start, text.size()});
}

void disjoint_blocks(std::vector<Span>& blocks, size_t text_size) {
  std::sort(blocks.begin(), blocks.end(), [](const Span& a, const Span& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  size_t covered = 0, kept = 0;
  for (Span u : blocks) {
    u.end = std::min(u.end, text_size);
    u.begin = std::max(u.begin, covered);
    if (u.end <= u.begin) continue;
    covered = u.end;
    blocks[kept++] = u;
  }
  blocks.resize(kept);
}

}  // namespace docpipe::segment_sentences
