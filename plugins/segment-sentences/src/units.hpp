// The runs of text split one at a time, so that no sentence crosses a block
// (a heading is never glued to the paragraph after it).
#pragma once

#include <string_view>
#include <vector>

#include "sentence_splitter.hpp"

namespace docpipe::segment_sentences {

//! Ranges of text separated by blank lines (used when a document has no blocks).
void paragraph_ranges(std::string_view text, std::vector<Span>& out);
//! Makes block ranges disjoint and ordered, clipped to the text: a nested or
//! overlapping block keeps only the bytes no earlier block covered.
void disjoint_blocks(std::vector<Span>& blocks, size_t text_size);

}  // namespace docpipe::segment_sentences
