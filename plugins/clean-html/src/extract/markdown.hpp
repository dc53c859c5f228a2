// Markdown rendering of extracted blocks (clean.html output=markdown).
#pragma once

#include "html_text.hpp"

namespace docpipe::clean_html {

//! Renders in's blocks as Markdown, appending to out.text / out.blocks:
//! headings as `#`..`######`, list items as `- ` indented two spaces per
//! nesting level, table rows as `| a | b |` lines (a `| --- |` line after
//! a table's first row), quotes as `> ` lines, code in ``` fences, and line
//! breaks inside a paragraph as hard breaks (`\` at the end of the line).
//! A block's range covers its Markdown, markers included; a table cell's
//! covers its cell text within the row line. Characters that would start
//! Markdown syntax at the start of a paragraph line are escaped.
void render_markdown(const ExtractedText& in, ExtractedText& out);

}  // namespace docpipe::clean_html
