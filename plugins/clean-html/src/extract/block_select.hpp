// Rebuilding the text from a subset of its blocks, keeping the layout
// rules of html_text.hpp.
#pragma once

#include <cstdint>
#include <vector>

#include "html_text.hpp"

namespace docpipe::clean_html {

//! Appends to out the blocks of in whose keep flag is set, in order. Two
//! kept blocks are separated by "\n" when every separator between them in
//! in was "\n" (items of one list, cells of one row), else by "\n\n".
//! Title and lang are not touched.
void append_kept_blocks(const ExtractedText& in, const std::vector<uint8_t>& keep,
                        ExtractedText& out);

}  // namespace docpipe::clean_html
