#include "block_select.hpp"

#include <string_view>

namespace docpipe::clean_html {

void append_kept_blocks(const ExtractedText& in, const std::vector<uint8_t>& keep,
                        ExtractedText& out) {
  const std::string_view text(in.text);
  bool have_prev = false;
  bool tight = true;  // every separator since the last kept block was "\n"
  for (size_t i = 0; i < in.blocks.size(); ++i) {
    const TextBlock& b = in.blocks[i];
    if (i > 0) {
      std::string_view sep = text.substr(in.blocks[i - 1].end, b.begin - in.blocks[i - 1].end);
      if (sep != "\n") tight = false;
    }
    if (i >= keep.size() || !keep[i]) continue;
    if (!out.text.empty()) out.text += (have_prev && tight) ? "\n" : "\n\n";
    size_t begin = out.text.size();
    out.text.append(text.substr(b.begin, b.end - b.begin));
    out.blocks.push_back({b.kind, b.level, begin, out.text.size()});
    have_prev = true;
    tight = true;
  }
}

}  // namespace docpipe::clean_html
