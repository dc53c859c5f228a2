#include "csv_rows.hpp"

namespace docpipe::csv {

void append_field(std::string& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void append_row(std::string& out, const std::vector<std::string_view>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out.push_back(',');
    append_field(out, fields[i]);
  }
  out += "\r\n";
}

Columns default_columns(std::string_view unit) {
  if (unit == "document") return {{"id", "url", "title", "text"}};
  return {{"id", "parent_id", "kind", "begin", "end", "text"}};
}

namespace {

// The value of one column for a document (begin/end/kind: the whole text) or a segment.
std::string value_of(const std::string& column, const output::DocumentView& doc, const output::SegmentSpan* segment,
                     size_t n) {
  if (column == "id") return segment == nullptr ? std::string(doc.id) : std::string(doc.id) + "#" + std::to_string(n);
  if (column == "parent_id") return segment == nullptr ? std::string() : std::string(doc.id);
  if (column == "text") {
    return std::string(segment == nullptr ? doc.text : output::slice(doc.text, segment->begin, segment->end));
  }
  if (column == "kind") return segment == nullptr ? "document" : segment->kind;
  if (column == "begin") return segment == nullptr ? "0" : std::to_string(std::min<uint64_t>(segment->begin, doc.text.size()));
  if (column == "end") {
    return std::to_string(segment == nullptr ? doc.text.size() : std::min<uint64_t>(segment->end, doc.text.size()));
  }
  const output::MetaEntry* m = doc.meta(column);
  return m != nullptr ? m->value : std::string();
}

void append_values(std::string& out, const Columns& columns, const output::DocumentView& doc,
                   const output::SegmentSpan* segment, size_t n) {
  std::vector<std::string> values;
  values.reserve(columns.names.size());
  for (const std::string& c : columns.names) values.push_back(value_of(c, doc, segment, n));
  std::vector<std::string_view> views(values.begin(), values.end());
  append_row(out, views);
}

}  // namespace

size_t append_rows(std::string& out, const output::DocumentView& doc, std::string_view unit, const Columns& columns) {
  if (unit == "document") {
    append_values(out, columns, doc, nullptr, 0);
    return 1;
  }
  size_t n = 0;
  for (const output::SegmentSpan& s : doc.segments) {
    if (s.kind != unit) continue;
    append_values(out, columns, doc, &s, n);
    ++n;
  }
  return n;
}

}  // namespace docpipe::csv
