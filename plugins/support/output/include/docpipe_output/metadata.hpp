// A document's metadata as every sink shows it: the standard document fields
// that are set, then the metadata entries, with no key twice. Templates over
// any type with docpipe::Document's accessors, so tests use a plain struct.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <docpipe_output/iso8601.hpp>

namespace docpipe::output {

//! One metadata value: text, or JSON text (numbers, lists, objects).
struct MetaValue {
  std::string_view key;    //!< the key
  std::string_view value;  //!< string form, or JSON text when is_json
  bool is_json = false;    //!< value is JSON, to be written as such
};

//! The standard document fields shown as metadata, in this order.
inline constexpr std::string_view standard_meta_keys[] = {"source", "url", "content_type", "charset",
                                                          "http_status", "fetch_time"};

//! Calls f(MetaValue) for the standard fields that are set (source, url,
//! content_type, charset, http_status as a number, fetch_time as ISO 8601
//! UTC), then for every metadata entry not named like a standard field already given.
template <class Doc, class F>
void for_each_metadata(const Doc& doc, F&& f) {
  bool given[6] = {};
  auto standard = [&](size_t index, std::string_view value, bool is_json) {
    if (value.empty()) return;
    given[index] = true;
    f(MetaValue{standard_meta_keys[index], value, is_json});
  };
  standard(0, doc.source(), false);
  standard(1, doc.url(), false);
  standard(2, doc.content_type(), false);
  standard(3, doc.charset(), false);
  if (int64_t status = doc.http_status(); status != 0) standard(4, std::to_string(status), true);
  if (int64_t fetched = doc.fetch_time_ms(); fetched != 0) {
    std::string when;
    append_iso8601_utc(when, fetched);
    standard(5, when, false);
  }
  for (size_t i = 0, n = doc.meta_count(); i < n; ++i) {
    auto entry = doc.meta_at(i);
    bool duplicate = false;
    for (size_t k = 0; k < 6; ++k) duplicate = duplicate || (given[k] && entry.key == standard_meta_keys[k]);
    if (!duplicate) f(MetaValue{entry.key, entry.value, entry.is_json});
  }
}

//! A metadata value owning its text, as find_metadata() returns it.
struct OwnedMetaValue {
  std::string value;     //!< string form, or JSON text when is_json
  bool is_json = false;  //!< value is JSON
};

//! The value for_each_metadata() would give for key, if any.
template <class Doc>
std::optional<OwnedMetaValue> find_metadata(const Doc& doc, std::string_view key) {
  std::optional<OwnedMetaValue> found;
  for_each_metadata(doc, [&](const MetaValue& m) {
    if (!found && m.key == key) found = OwnedMetaValue{std::string(m.value), m.is_json};
  });
  return found;
}

}  // namespace docpipe::output
