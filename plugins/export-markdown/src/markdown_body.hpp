// A document's block structure as Markdown (CommonMark with GFM tables).
#pragma once

#include <string>

#include <docpipe_output/document_view.hpp>

namespace docpipe::markdown {

//! Appends the body: headings as #, paragraphs, list items as "- " indented
//! by depth, table cells as rows (the first row is the header), quotes as
//! "> ", code fenced; text outside blocks as paragraphs. Markdown syntax in
//! the text is escaped so it reads back as the same text.
void append_body(std::string& out, const output::DocumentView& doc);

//! Appends inline text with Markdown's special characters escaped; newlines
//! become spaces when join_lines (headings, table cells).
void append_inline(std::string& out, std::string_view text, bool join_lines, bool in_table);

}  // namespace docpipe::markdown
