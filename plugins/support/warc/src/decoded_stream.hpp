// The bytes of a WARC file after decompression, in a bounded window, with
// markers where gzip members start and where a corrupt member was abandoned.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace docpipe::warc::detail {

//! An event in the decoded stream at a decoded position.
struct Marker {
  enum Kind { member_start, corrupt } kind;
  uint64_t pos;          //!< decoded position where it happens
  uint64_t file_offset;  //!< the member's offset in the file
  std::string message;   //!< for corrupt: what zlib or the framing said
};

//! Reads a file (plain or a series of gzip members) into a sliding window of
//! decoded bytes. A corrupt gzip member leaves a corrupt marker and decoding
//! resumes at the next gzip magic after that member's start.
class DecodedStream {
 public:
  DecodedStream(int fd, uint64_t start_offset, size_t chunk_size);
  ~DecodedStream();
  DecodedStream(const DecodedStream&) = delete;
  DecodedStream& operator=(const DecodedStream&) = delete;

  //! The first unconsumed decoded byte.
  const char* data() const noexcept { return window_.data() + begin_; }
  //! Decoded bytes available from data().
  size_t available() const noexcept { return end_ - begin_; }
  //! Decoded position of data().
  uint64_t position() const noexcept { return base_ + begin_; }
  //! Drops n bytes from the front (n <= available()).
  void consume(size_t n) noexcept { begin_ += n; }
  //! Decodes more: true when bytes or markers were added, false at the end.
  bool fill();
  //! Fills until n bytes are available; false when the input ends first.
  bool ensure(size_t n);
  //! Markers not yet taken by the reader, in position order.
  std::deque<Marker>& markers() noexcept { return markers_; }
  //! True for gzip input (known after the first fill).
  bool gzip() const noexcept { return mode_ == Mode::gzip; }
  //! True once the first bytes were seen.
  bool detected() const noexcept { return mode_ != Mode::unknown; }
  //! Bytes of the file consumed so far.
  uint64_t file_position() const noexcept { return in_offset_ + in_begin_; }
  //! File offset of a decoded position in plain mode.
  uint64_t plain_offset(uint64_t pos) const noexcept { return start_offset_ + pos; }

 private:
  enum class Mode { unknown, plain, gzip };
  enum class State { member_header, in_member, scanning, done };

  //! Reads more compressed input; false at end of file (or read error).
  bool read_input();
  void make_room(size_t want);
  bool fill_plain();
  bool fill_gzip();
  void fail_member(std::string message);
  void restart_input_at(uint64_t offset);

  int fd_;
  uint64_t start_offset_;
  size_t chunk_size_;
  Mode mode_ = Mode::unknown;
  State state_ = State::member_header;

  std::vector<char> window_;
  size_t begin_ = 0, end_ = 0;
  uint64_t base_ = 0;  // decoded position of window_[0]

  std::vector<char> input_;
  size_t in_begin_ = 0, in_end_ = 0;
  uint64_t in_offset_ = 0;  // file offset of input_[0]
  bool input_eof_ = false;

  z_stream zs_{};
  bool zs_ready_ = false;
  uint64_t member_offset_ = 0;
  uint64_t member_output_ = 0;
  bool member_announced_ = false;
  bool recovering_ = false;  // after a corrupt member: candidates that give nothing are silent
  std::deque<Marker> markers_;
};

}  // namespace docpipe::warc::detail
