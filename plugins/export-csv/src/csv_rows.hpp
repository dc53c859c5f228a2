// RFC 4180 rows of documents or segments.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <docpipe_output/document_view.hpp>

namespace docpipe::csv {

//! Appends one field, quoted (quotes doubled) when it holds a comma, quote, CR or LF.
void append_field(std::string& out, std::string_view field);

//! Appends the fields separated by commas and ended by CRLF.
void append_row(std::string& out, const std::vector<std::string_view>& fields);

//! The columns of a row: id, parent_id, text, kind, begin, end, or a metadata
//! key (url, source, title, ... as export.jsonl's metadata names them).
struct Columns {
  std::vector<std::string> names;  //!< the header, in order
};

//! The default columns of a unit: document -> id,url,title,text; a segment
//! kind -> id,parent_id,kind,begin,end,text.
Columns default_columns(std::string_view unit);

//! Appends the rows of one document: one row, or one per segment of kind
//! unit ("sentence", "chunk", "word"), with id "<parent id>#<n>". Returns the
//! number of rows.
size_t append_rows(std::string& out, const output::DocumentView& doc, std::string_view unit, const Columns& columns);

}  // namespace docpipe::csv
