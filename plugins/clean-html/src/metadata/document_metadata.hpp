// Writes PageMetadata into an SDK Document. Header-only and included by
// plugin.cpp alone, so the metadata library itself stays SDK-free.
#pragma once

#include <docpipe/plugin.hpp>

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "metadata/page_metadata.hpp"

namespace docpipe::clean_html {

//! A JSON string literal of UTF-8 text.
inline void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  out += '"';
}

//! A JSON array of strings.
inline std::string json_string_array(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    append_json_string(out, items[i]);
  }
  out += ']';
  return out;
}

//! Sets every known field of m on doc; empty fields are left unset.
inline void write_page_metadata(Document& doc, const PageMetadata& m) {
  auto set = [&](std::string_view key, std::string_view value) {
    if (!value.empty()) doc.set_meta(key, value);
  };
  set("title", m.title);
  if (!m.authors.empty()) {
    std::string joined;
    for (const std::string& a : m.authors) {
      if (!joined.empty()) joined += ", ";
      joined += a;
    }
    doc.set_meta("author", joined);
    doc.set_meta_json("authors", json_string_array(m.authors));
  }
  set("date", m.date);
  set("modified", m.modified);
  set("site_name", m.site_name);
  set("description", m.description);
  set("canonical_url", m.canonical_url);
  if (!m.tags.empty()) doc.set_meta_json("tags", json_string_array(m.tags));
  if (!m.categories.empty()) doc.set_meta_json("categories", json_string_array(m.categories));
  set("lang", m.lang);
  if (m.lang_detected) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.2f", m.lang_confidence);
    doc.set_meta_json("lang_confidence", buf);
  }
  set("lang_declared", m.lang_declared);
  // Not "source": sinks show the document's source (path or URL) under that key.
  set("news_source", m.source);
  set("editor", m.editor);
}

}  // namespace docpipe::clean_html
