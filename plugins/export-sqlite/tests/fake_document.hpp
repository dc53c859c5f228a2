// A document with docpipe::Document's accessors over plain members, so the
// store is tested without the host.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace docpipe::sqlite::test {

struct FakeDocument {
  struct Meta {
    std::string_view key;
    std::string_view value;
    bool is_json;
  };
  struct Segment {
    std::string_view kind;
    uint64_t begin;
    uint64_t end;
  };

  std::string id_, text_, source_, url_, content_type_, charset_;
  int64_t http_status_ = 0;
  int64_t fetch_time_ms_ = 0;
  std::vector<Meta> meta_;
  std::vector<Segment> segments_;

  std::string_view id() const { return id_; }
  std::string_view text() const { return text_; }
  std::string_view source() const { return source_; }
  std::string_view url() const { return url_; }
  std::string_view content_type() const { return content_type_; }
  std::string_view charset() const { return charset_; }
  int64_t http_status() const { return http_status_; }
  int64_t fetch_time_ms() const { return fetch_time_ms_; }
  size_t meta_count() const { return meta_.size(); }
  Meta meta_at(size_t i) const { return meta_[i]; }
  size_t segment_count() const { return segments_.size(); }
  Segment segment(size_t i) const { return segments_[i]; }

  //! Adds a segment over the first occurrence of piece in the text.
  void segment_over(std::string_view kind, std::string_view piece) {
    size_t at = text_.find(piece);
    segments_.push_back({kind, at, at + piece.size()});
  }
};

}  // namespace docpipe::sqlite::test
