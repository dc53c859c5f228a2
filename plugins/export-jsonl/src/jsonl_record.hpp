// The record layouts of export.jsonl. Templates over any document type with
// docpipe::Document's accessors, so tests use a plain struct.
#pragma once

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <docpipe_output/json_escape.hpp>
#include <docpipe_output/metadata.hpp>

namespace docpipe::jsonl {

using docpipe::output::append_json_string;

//! "ok", "dropped", "document_error", ... for a dp_status value.
std::string_view result_name(int status);

//! What one record stands for.
enum class Unit { document, chunk, sentence };

//! One selectable member of a record.
struct Field {
  enum Kind { id, text, metadata, metadata_key, segments, parent_id, begin, end, heading };
  Kind kind;
  std::string key;  //!< the metadata key, for metadata_key
};

//! The record layout chosen by the unit and fields params.
struct Layout {
  Unit unit = Unit::document;
  std::vector<Field> fields;  //!< in output order; metadata keys are grouped at the first one
  bool selected = false;      //!< fields was given; otherwise the unit's full layout
  //! The segment kind a record stands for ("chunk", "sentence"); empty for documents.
  std::string_view segment_kind() const;
};

//! Parses unit (document|chunk|sentence) and fields (id, text, metadata,
//! metadata.KEY, segments; for segment units also parent_id, begin, end,
//! heading). Throws std::invalid_argument naming what is wrong.
Layout parse_layout(std::string_view unit, const std::vector<std::string>& fields);

namespace detail {

inline void append_number(std::string& out, uint64_t value) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, static_cast<size_t>(end - digits));
}

// Writes members of one JSON object, commas between.
class Members {
 public:
  explicit Members(std::string& out) : out_(out) {}
  std::string& key(std::string_view name) {
    if (!first_) out_.push_back(',');
    first_ = false;
    append_json_string(out_, name);
    out_.push_back(':');
    return out_;
  }
  void value(const output::MetaValue& m) {
    key(m.key);
    if (m.is_json) {
      out_.append(m.value);  // the host checked it is valid JSON
    } else {
      append_json_string(out_, m.value);
    }
  }

 private:
  std::string& out_;
  bool first_ = true;
};

// "metadata":{...}: everything, or only the selected keys in their order.
template <class Doc>
void append_metadata(Members& members, const Doc& doc, const Layout& layout,
                     std::string_view skip_key = {}) {
  std::string& out = members.key("metadata");
  out.push_back('{');
  Members meta(out);
  bool all = !layout.selected;
  for (const Field& f : layout.fields) all = all || f.kind == Field::metadata;
  if (all) {
    output::for_each_metadata(doc, [&](const output::MetaValue& m) {
      if (skip_key.empty() || m.key != skip_key) meta.value(m);
    });
  } else {
    for (const Field& f : layout.fields) {
      if (f.kind != Field::metadata_key) continue;
      if (auto v = output::find_metadata(doc, f.key)) meta.value({f.key, v->value, v->is_json});
    }
  }
  out.push_back('}');
}

template <class Doc>
void append_segments(Members& members, const Doc& doc) {
  std::string& out = members.key("segments");
  out.push_back('[');
  for (size_t i = 0, n = doc.segment_count(); i < n; ++i) {
    auto segment = doc.segment(i);
    if (i > 0) out.push_back(',');
    out.append("{\"kind\":");
    append_json_string(out, segment.kind);
    out.append(",\"begin\":");
    append_number(out, segment.begin);
    out.append(",\"end\":");
    append_number(out, segment.end);
    out.push_back('}');
  }
  out.push_back(']');
}

inline bool metadata_field(const Field& f) {
  return f.kind == Field::metadata || f.kind == Field::metadata_key;
}

}  // namespace detail

//! Appends one document's record and a newline: by default
//! {"id","text","metadata":{...}[,"segments":[...]]} (segments only when the
//! document has some), or the selected fields in their order.
template <class Doc>
void append_document_record(std::string& out, const Doc& doc, const Layout& layout) {
  out.push_back('{');
  detail::Members members(out);
  if (!layout.selected) {
    append_json_string(members.key("id"), doc.id());
    append_json_string(members.key("text"), doc.text());
    detail::append_metadata(members, doc, layout);
    if (doc.segment_count() > 0) detail::append_segments(members, doc);
  } else {
    bool metadata_done = false;
    for (const Field& f : layout.fields) {
      if (f.kind == Field::id) append_json_string(members.key("id"), doc.id());
      if (f.kind == Field::text) append_json_string(members.key("text"), doc.text());
      if (f.kind == Field::segments) detail::append_segments(members, doc);
      if (detail::metadata_field(f) && !metadata_done) {
        detail::append_metadata(members, doc, layout);
        metadata_done = true;
      }
    }
  }
  out.append("}\n");
}

//! The full layout of a document: {"id","text","metadata"[,"segments"]}.
template <class Doc>
void append_main_record(std::string& out, const Doc& doc) {
  append_document_record(out, doc, Layout{});
}

//! One segment of a document as a record: by default {"id": "<parent id>#<n>",
//! "parent_id","text" (the segment's text),"begin","end"[,"heading"],"metadata"}
//! (heading when heading_json is not empty), or the selected fields. The
//! metadata leaves out headings_key, the entry the headings came from.
template <class Doc, class Segment>
void append_segment_record(std::string& out, const Doc& doc, const Segment& segment, uint64_t n,
                           std::string_view heading_json, const Layout& layout,
                           std::string_view headings_key = {}) {
  std::string_view text = doc.text();
  uint64_t begin = std::min<uint64_t>(segment.begin, text.size());
  uint64_t end = std::min<uint64_t>(std::max(segment.end, segment.begin), text.size());
  auto id = [&](detail::Members& m) {
    std::string& o = m.key("id");
    std::string composed(doc.id());
    composed.push_back('#');
    detail::append_number(composed, n);
    append_json_string(o, composed);
  };
  out.push_back('{');
  detail::Members members(out);
  auto field = [&](Field::Kind kind) {
    switch (kind) {
      case Field::id: id(members); break;
      case Field::parent_id: append_json_string(members.key("parent_id"), doc.id()); break;
      case Field::text: append_json_string(members.key("text"), text.substr(begin, end - begin)); break;
      case Field::begin: detail::append_number(members.key("begin"), begin); break;
      case Field::end: detail::append_number(members.key("end"), end); break;
      case Field::heading:
        if (!heading_json.empty()) members.key("heading").append(heading_json);
        break;
      case Field::segments: detail::append_segments(members, doc); break;
      case Field::metadata:
      case Field::metadata_key: detail::append_metadata(members, doc, layout, headings_key); break;
    }
  };
  if (!layout.selected) {
    for (Field::Kind k : {Field::id, Field::parent_id, Field::text, Field::begin, Field::end,
                          Field::heading, Field::metadata}) {
      field(k);
    }
  } else {
    bool metadata_done = false;
    for (const Field& f : layout.fields) {
      if (detail::metadata_field(f)) {
        if (metadata_done) continue;
        metadata_done = true;
      }
      field(f.kind);
    }
  }
  out.append("}\n");
}

//! Appends {"id","source","stage","result","message"[,"url"]} and a newline:
//! one failed or dropped document for the errors sink.
template <class Doc>
void append_error_record(std::string& out, const Doc& doc) {
  out.push_back('{');
  detail::Members members(out);
  append_json_string(members.key("id"), doc.id());
  append_json_string(members.key("source"), doc.source());
  append_json_string(members.key("stage"), doc.stage());
  append_json_string(members.key("result"), result_name(static_cast<int>(doc.status())));
  append_json_string(members.key("message"), doc.message());
  if (std::string_view url = doc.url(); !url.empty()) append_json_string(members.key("url"), url);
  out.append("}\n");
}

}  // namespace docpipe::jsonl
