// What an element's tag, class, id, role and itemprop say about it: part
// of an article, or boilerplate (navigation, comments, share bars, ...).
#pragma once

#include <cstdint>

#include "html_tree.hpp"

namespace docpipe::clean_html {

//! The kind of boilerplate a negative element is; `comments` is kept
//! apart because include_comments brings it back.
enum class Boilerplate : uint8_t { none, generic, comments, invisible };

//! The evidence of one element.
struct Evidence {
  int8_t score = 0;  //!< > 0 article-like, < 0 boilerplate-like
  Boilerplate kind = Boilerplate::none;
};

//! Reads the evidence of an element from its tag and attributes.
Evidence class_evidence(HtmlNode element);

}  // namespace docpipe::clean_html
