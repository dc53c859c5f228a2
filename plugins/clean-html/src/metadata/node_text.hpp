// Bounded text of a subtree, for short things (h1, bylines, dates): the walk
// stops after max_bytes, so a byline check never reads a whole article.
#pragma once

#include <string>

#include "html_tree.hpp"

namespace docpipe::clean_html {

//! Appends the text under node to out (cleared first), a space for <br> and
//! between blocks, whitespace collapsed. Returns false when the text is longer
//! than max_bytes (out then holds a prefix).
bool node_text(HtmlNode node, size_t max_bytes, std::string& out);

}  // namespace docpipe::clean_html
