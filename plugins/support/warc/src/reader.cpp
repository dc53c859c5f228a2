#include <docpipe_warc/reader.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string_view>

#include "decoded_stream.hpp"

namespace docpipe::warc {
namespace {

constexpr uint64_t kNoMarker = std::numeric_limits<uint64_t>::max();
constexpr std::string_view kMagic = "WARC/1.";
constexpr std::string_view kNextRecord = "\nWARC/1.";

bool is_blank(char c) noexcept { return c == '\r' || c == '\n' || c == ' ' || c == '\t'; }

int open_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error(path + ": " + std::strerror(errno));
  return fd;
}

// Index just past the blank line ending a header block in text, from `from`;
// npos when not there yet (a line end may be cut at the end of text).
size_t find_header_end(std::string_view text, size_t& from) {
  while (true) {
    size_t nl = text.find('\n', from);
    if (nl == std::string_view::npos) {
      from = text.size();
      return std::string_view::npos;
    }
    if (nl + 1 >= text.size()) {
      from = nl;
      return std::string_view::npos;
    }
    if (text[nl + 1] == '\n') return nl + 2;
    if (text[nl + 1] == '\r') {
      if (nl + 2 >= text.size()) {
        from = nl;
        return std::string_view::npos;
      }
      if (text[nl + 2] == '\n') return nl + 3;
    }
    from = nl + 1;
  }
}

bool parse_length(std::string_view text, uint64_t& out) {
  if (text.empty() || text.size() > 18) return false;
  uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  out = v;
  return true;
}

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

}  // namespace

void Record::clear() {
  version.clear();
  type.clear();
  headers.clear();
  block.clear();
  content_length = 0;
  offset = 0;
  offset_kind = OffsetKind::file;
  error.clear();
}

const char* offset_kind_name(OffsetKind kind) noexcept {
  switch (kind) {
    case OffsetKind::file:
      return "plain";
    case OffsetKind::gzip_member:
      return "gzip member";
    case OffsetKind::decompressed:
      return "decompressed";
  }
  return "unknown";
}

class Reader::Impl {
 public:
  Impl(const std::string& path, ReaderOptions options)
      : options_(options),
        fd_(open_file(path)),
        stream_(fd_, options.start_offset, options.buffer_size) {}
  ~Impl() { ::close(fd_); }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  bool next(Record& record);
  Layout layout() const noexcept {
    if (!stream_.detected()) return Layout::unknown;
    return stream_.gzip() ? Layout::gzip : Layout::plain;
  }
  uint64_t bytes_read() const noexcept { return stream_.file_position(); }

 private:
  uint64_t next_marker_pos() {
    auto& markers = stream_.markers();
    return markers.empty() ? kNoMarker : markers.front().pos;
  }
  // Bytes available before the next marker.
  size_t usable() {
    uint64_t barrier = next_marker_pos();
    size_t avail = stream_.available();
    if (barrier == kNoMarker) return avail;
    return static_cast<size_t>(std::min<uint64_t>(avail, barrier - stream_.position()));
  }
  void take_member_start(const detail::Marker& m) {
    member_pos_ = m.pos;
    member_offset_ = m.file_offset;
  }
  void set_offset(Record& record, uint64_t start) const;
  bool read_record(Record& record);
  bool read_block(Record& record);
  bool next_member_starts_record();
  void skip_to_next_record();
  bool fail(Record& record, std::string message, bool resync);
  bool corrupt_member_follows(bool decode_more, std::string& message);

  ReaderOptions options_;
  int fd_;
  detail::DecodedStream stream_;
  uint64_t member_pos_ = kNoMarker;
  uint64_t member_offset_ = 0;
};

void Reader::Impl::set_offset(Record& record, uint64_t start) const {
  if (!stream_.gzip()) {
    record.offset = stream_.plain_offset(start);
    record.offset_kind = OffsetKind::file;
  } else if (start == member_pos_) {
    record.offset = member_offset_;
    record.offset_kind = OffsetKind::gzip_member;
  } else {
    record.offset = start;
    record.offset_kind = OffsetKind::decompressed;
  }
}

bool Reader::Impl::next(Record& record) {
  record.clear();
  auto& markers = stream_.markers();
  while (true) {
    while (!markers.empty() && markers.front().pos <= stream_.position()) {
      detail::Marker m = std::move(markers.front());
      markers.pop_front();
      if (m.kind == detail::Marker::member_start) {
        take_member_start(m);
        continue;
      }
      // A member that failed between records: it held at least one lost record.
      record.offset = m.file_offset;
      record.offset_kind = OffsetKind::gzip_member;
      record.error = std::move(m.message);
      return true;
    }
    if (stream_.available() == 0) {
      if (!stream_.fill()) return false;
      continue;
    }
    size_t limit = usable();
    const char* p = stream_.data();
    size_t i = 0;
    while (i < limit && is_blank(p[i])) ++i;
    stream_.consume(i);
    if (i < limit) break;
  }
  set_offset(record, stream_.position());
  return read_record(record);
}

bool Reader::Impl::fail(Record& record, std::string message, bool resync) {
  record.error = std::move(message);
  record.block.clear();
  if (resync) {
    skip_to_next_record();
    // A corrupt member that made this record unreadable is one failure, not two.
    std::string corrupt;
    if (corrupt_member_follows(false, corrupt)) record.error += "; " + corrupt;
  }
  return true;
}

// Skips the blank bytes ending a record and tells whether the gzip member it
// came from then turns out corrupt (zlib checks the CRC only at the member's
// end, after handing out the bytes). Takes the corrupt marker when so.
bool Reader::Impl::corrupt_member_follows(bool decode_more, std::string& message) {
  if (!stream_.gzip()) return false;
  auto& markers = stream_.markers();
  while (true) {
    size_t limit = usable();
    const char* p = stream_.data();
    size_t i = 0;
    while (i < limit && is_blank(p[i])) ++i;
    stream_.consume(i);
    if (i < limit) return false;  // more of the same member: the next record
    if (!markers.empty() && markers.front().pos == stream_.position()) {
      // Only a failure of the member this record came from is this record's.
      if (markers.front().kind != detail::Marker::corrupt ||
          markers.front().file_offset != member_offset_) {
        return false;
      }
      message = std::move(markers.front().message);
      markers.pop_front();
      return true;
    }
    if (!decode_more || !stream_.fill()) return false;
  }
}

bool Reader::Impl::read_record(Record& record) {
  const uint64_t start = stream_.position();
  size_t header_end = std::string_view::npos;
  size_t search_from = 0;
  bool magic_checked = false;
  while (true) {
    size_t avail = std::min(usable(), options_.max_header_size);
    std::string_view text(stream_.data(), avail);
    if (!magic_checked && avail >= kMagic.size()) {
      if (!text.starts_with(kMagic)) {
        skip_to_next_record();
        return fail(record,
                    std::to_string(stream_.position() - start) +
                        " bytes are not a WARC record (expected \"WARC/1.0\" or \"WARC/1.1\"); "
                        "skipped to the next record",
                    false);
      }
      magic_checked = true;
    }
    header_end = find_header_end(text, search_from);
    if (header_end != std::string_view::npos) break;
    if (avail >= options_.max_header_size) {
      return fail(record,
                  "WARC header block longer than " + std::to_string(options_.max_header_size) +
                      " bytes (no blank line ends it)",
                  true);
    }
    if (next_marker_pos() != kNoMarker && avail == usable()) {
      // The header runs into the next gzip member or a corrupt one; records
      // whose header spans members (BGZF-like layouts) are not supported.
      stream_.consume(avail);
      auto& markers = stream_.markers();
      if (markers.front().kind == detail::Marker::corrupt) {
        std::string message = markers.front().message + " (the record at this offset is lost)";
        markers.pop_front();
        return fail(record, std::move(message), false);
      }
      return fail(record,
                  magic_checked ? "truncated record: the gzip member ends inside the WARC header"
                                : "bytes at the end of a gzip member are not a WARC record",
                  false);
    }
    if (!stream_.fill()) {
      size_t left = stream_.available();
      stream_.consume(left);
      return fail(record,
                  magic_checked ? "truncated record: the file ends inside the WARC header (" +
                                      std::to_string(left) + " bytes)"
                                : std::to_string(left) +
                                      " bytes at the end of the file are not a WARC record",
                  false);
    }
  }

  std::string_view head(stream_.data(), header_end);
  size_t eol = head.find('\n');
  std::string_view version = trim_right(head.substr(0, eol));
  if (version != "WARC/1.0" && version != "WARC/1.1") {
    return fail(record, "unsupported WARC version \"" + std::string(version.substr(0, 20)) + "\"",
                true);
  }
  record.version = version;
  std::string error;
  if (!parse_header_lines(head.substr(eol + 1), record.headers, error)) {
    return fail(record, "bad WARC header: " + error, true);
  }
  if (auto type = record.headers.find("WARC-Type")) record.type = *type;
  auto length = record.headers.find("Content-Length");
  if (!length) return fail(record, "WARC record without Content-Length", true);
  if (!parse_length(*length, record.content_length)) {
    return fail(record, "bad Content-Length \"" + std::string(length->substr(0, 40)) + "\"", true);
  }
  if (record.type.empty()) return fail(record, "WARC record without WARC-Type", true);
  stream_.consume(header_end);
  return read_block(record);
}

bool Reader::Impl::next_member_starts_record() {
  if (!stream_.ensure(kMagic.size())) return false;
  return std::string_view(stream_.data(), kMagic.size()) == kMagic;
}

bool Reader::Impl::read_block(Record& record) {
  const uint64_t length = record.content_length;
  const bool keep = length <= options_.max_record_size;
  // Content-Length is the file's word, not a fact: reserving it whole let a
  // few bytes claiming gigabytes exhaust memory before the read found them short.
  if (keep)
    record.block.reserve(static_cast<size_t>(std::min<uint64_t>(length, options_.buffer_size)));
  uint64_t remaining = length;
  auto& markers = stream_.markers();
  while (remaining > 0) {
    // A marker here comes first: a corrupt member explains a short block better than the end of
    // file.
    if (next_marker_pos() != stream_.position() && stream_.available() == 0 && !stream_.fill()) {
      return fail(record,
                  "truncated record: Content-Length is " + std::to_string(length) +
                      " but the file ends after " + std::to_string(length - remaining) +
                      " bytes of the block",
                  false);
    }
    if (next_marker_pos() == stream_.position()) {
      detail::Marker& m = markers.front();
      if (m.kind == detail::Marker::corrupt) {
        std::string message = m.message + " (the record at this offset is lost)";
        markers.pop_front();
        return fail(record, std::move(message), false);
      }
      if (next_member_starts_record()) {
        return fail(record,
                    "truncated record: Content-Length is " + std::to_string(length) +
                        " but its gzip member ends after " + std::to_string(length - remaining) +
                        " bytes of the block",
                    false);
      }
      take_member_start(m);
      markers.pop_front();
      continue;
    }
    size_t take = static_cast<size_t>(std::min<uint64_t>(remaining, usable()));
    if (keep) record.block.append(stream_.data(), take);
    stream_.consume(take);
    remaining -= take;
  }
  if (!keep) {
    return fail(record,
                "record block of " + std::to_string(length) +
                    " bytes is larger than max_record_size (" +
                    std::to_string(options_.max_record_size) + " bytes); skipped",
                false);
  }
  std::string corrupt;
  if (corrupt_member_follows(true, corrupt)) return fail(record, corrupt, false);
  return true;
}

void Reader::Impl::skip_to_next_record() {
  while (true) {
    size_t avail = usable();
    std::string_view text(stream_.data(), avail);
    size_t hit = text.find(kNextRecord);
    if (hit != std::string_view::npos) {
      stream_.consume(hit + 1);
      return;
    }
    if (next_marker_pos() != kNoMarker) {
      stream_.consume(avail);  // a gzip member boundary is a record boundary
      return;
    }
    // Keep a possible "\nWARC/1." cut by the end of the window.
    if (avail > kNextRecord.size()) stream_.consume(avail - kNextRecord.size());
    if (!stream_.fill()) {
      stream_.consume(stream_.available());
      return;
    }
  }
}

Reader::Reader(const std::string& path, ReaderOptions options)
    : impl_(std::make_unique<Impl>(path, options)) {}
Reader::~Reader() = default;
bool Reader::next(Record& record) { return impl_->next(record); }
Layout Reader::layout() const noexcept { return impl_->layout(); }
uint64_t Reader::bytes_read() const noexcept { return impl_->bytes_read(); }

}  // namespace docpipe::warc
