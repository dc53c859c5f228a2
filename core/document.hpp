// The host's side of the document model: what dp_document is behind the C ABI.
#pragma once

#include <docpipe/plugin.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

//! One document in flight. Plugins see it only through dp_host_api.
struct dp_document {
  //! A metadata entry; is_json marks values that are JSON texts.
  struct Meta {
    std::string key;
    std::string value;
    bool is_json = false;
  };
  //! A segment; kind indexes segment_kinds (kinds repeat, so they are stored once).
  struct Segment {
    uint32_t kind;
    uint64_t begin;
    uint64_t end;
  };

  static constexpr size_t kFieldCount = 12;  // dp_field values are 1..11

  std::array<std::string, kFieldCount> fields;
  //! Raw bytes read in place from memory someone else owns (a worker process
  //! reads a request's raw bytes from shared memory without copying them);
  //! while set, it stands for fields[DP_FIELD_RAW]. Setting or releasing the
  //! raw field clears it.
  std::string_view raw_view;
  int64_t fetch_time_ms = 0;
  int64_t http_status = 0;
  dp_status status = DP_OK;
  int64_t sequence = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::vector<Meta> meta;
  //! Key to position in meta, kept by set_meta once meta is long, so a
  //! document with many keys costs linear time to fill; meta keeps the order.
  struct MetaKeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view key) const noexcept {
      return std::hash<std::string_view>{}(key);
    }
  };
  std::unordered_map<std::string, size_t, MetaKeyHash, std::equal_to<>> meta_index;
  size_t meta_indexed = 0;  //!< meta.size() when meta_index last matched it
  std::vector<dp_block> blocks;
  std::vector<std::string> segment_kinds;
  std::vector<Segment> segments;

  //! A field's bytes; empty for unknown fields.
  std::string_view get(dp_field f) const noexcept;
  //! Sets a field, repairing text fields to valid UTF-8. False for unknown fields.
  bool set(dp_field f, std::string_view value);
  //! Frees a field's memory.
  void release(dp_field f) noexcept;

  //! Replaces or adds a metadata entry (value repaired to UTF-8 unless JSON).
  void set_meta(std::string_view key, std::string_view value, bool is_json);
  //! The entry with that key, or nullptr.
  const Meta* find_meta(std::string_view key) const noexcept;

  //! Adds a segment; false when the range is not on character boundaries inside the text.
  bool add_segment(std::string_view kind, uint64_t begin, uint64_t end);
  //! Adds a block; false when the range is not on character boundaries inside the text.
  bool add_block(const dp_block& block);

  //! Marks the document as failed or dropped by an instance.
  void mark(dp_status s, std::string_view stage, std::string_view message);

  //! Approximate memory held, for queue accounting.
  size_t bytes() const noexcept;
};

namespace docpipe {
//! True for fields that hold UTF-8 text (all but raw bytes).
constexpr bool is_text_field(dp_field f) noexcept { return f != DP_FIELD_RAW; }
//! True for fields a plugin may set.
constexpr bool is_writable_field(dp_field f) noexcept {
  return (f >= DP_FIELD_ID && f <= DP_FIELD_TEXT) || f == DP_FIELD_INPUT;
}
//! The status as the word used in records and logs ("document_error").
std::string_view status_name(dp_status s) noexcept;
}  // namespace docpipe
