// The two record layouts of export.jsonl. Templates over any document type
// with docpipe::Document's accessors, so tests use a plain struct.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

#include "iso8601.hpp"
#include "json_escape.hpp"

namespace docpipe::jsonl {

//! "ok", "dropped", "document_error", ... for a dp_status value.
std::string_view result_name(int status);

namespace detail {

inline void append_number(std::string& out, int64_t value) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, static_cast<size_t>(end - digits));
}

// Writes the members of one JSON object, remembering the standard keys so a
// metadata entry of the same name cannot produce a duplicate key.
class ObjectMembers {
 public:
  explicit ObjectMembers(std::string& out) : out_(out) {}
  void key(std::string_view name) {
    if (!first_) out_.push_back(',');
    first_ = false;
    append_json_string(out_, name);
    out_.push_back(':');
  }
  void string(std::string_view name, std::string_view value) {
    key(name);
    append_json_string(out_, value);
  }
  void standard_string(std::string_view name, std::string_view value) {
    if (value.empty()) return;
    string(name, value);
    mark(name);
  }
  bool is_standard_written(std::string_view name) const {
    for (size_t i = 0; i < standard_count_; ++i) {
      if (standard_[i] == name) return true;
    }
    return false;
  }
  void mark(std::string_view name) { standard_[standard_count_++] = name; }
  std::string& out() { return out_; }

 private:
  std::string& out_;
  bool first_ = true;
  std::string_view standard_[8];
  size_t standard_count_ = 0;
};

}  // namespace detail

//! Appends {"id","text","metadata":{...}[,"segments":[...]]} and a newline.
//! Metadata: the document's standard fields that are set (source, url,
//! content_type, charset, http_status, fetch_time), then every metadata
//! entry except those named like a standard field already written.
template <class Doc>
void append_main_record(std::string& out, const Doc& doc) {
  out.append("{\"id\":");
  append_json_string(out, doc.id());
  out.append(",\"text\":");
  append_json_string(out, doc.text());
  out.append(",\"metadata\":{");
  detail::ObjectMembers meta(out);
  meta.standard_string("source", doc.source());
  meta.standard_string("url", doc.url());
  meta.standard_string("content_type", doc.content_type());
  meta.standard_string("charset", doc.charset());
  if (int64_t status = doc.http_status(); status != 0) {
    meta.key("http_status");
    detail::append_number(out, status);
    meta.mark("http_status");
  }
  if (int64_t fetched = doc.fetch_time_ms(); fetched != 0) {
    meta.key("fetch_time");
    out.push_back('"');
    append_iso8601_utc(out, fetched);
    out.push_back('"');
    meta.mark("fetch_time");
  }
  for (size_t i = 0, n = doc.meta_count(); i < n; ++i) {
    auto entry = doc.meta_at(i);
    if (meta.is_standard_written(entry.key)) continue;
    meta.key(entry.key);
    if (entry.is_json) {
      out.append(entry.value);  // the host checked it is valid JSON
    } else {
      append_json_string(out, entry.value);
    }
  }
  out.push_back('}');
  if (size_t n = doc.segment_count(); n > 0) {
    out.append(",\"segments\":[");
    for (size_t i = 0; i < n; ++i) {
      auto segment = doc.segment(i);
      if (i > 0) out.push_back(',');
      out.append("{\"kind\":");
      append_json_string(out, segment.kind);
      out.append(",\"begin\":");
      detail::append_number(out, static_cast<int64_t>(segment.begin));
      out.append(",\"end\":");
      detail::append_number(out, static_cast<int64_t>(segment.end));
      out.push_back('}');
    }
    out.push_back(']');
  }
  out.append("}\n");
}

//! Appends {"id","source","stage","result","message"[,"url"]} and a newline:
//! one failed or dropped document for the errors sink.
template <class Doc>
void append_error_record(std::string& out, const Doc& doc) {
  out.push_back('{');
  detail::ObjectMembers members(out);
  members.string("id", doc.id());
  members.string("source", doc.source());
  members.string("stage", doc.stage());
  members.string("result", result_name(static_cast<int>(doc.status())));
  members.string("message", doc.message());
  if (std::string_view url = doc.url(); !url.empty()) members.string("url", url);
  out.append("}\n");
}

}  // namespace docpipe::jsonl
