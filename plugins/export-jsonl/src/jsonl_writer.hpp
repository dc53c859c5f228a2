// Batches JSON lines into large writes to an encoder.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "encoder.hpp"

namespace docpipe::jsonl {

//! Records are appended to buffer(); record_done() hands the buffer to the
//! encoder once it holds flush_at bytes, so writes are large and the buffer's
//! memory is reused instead of growing per record.
class JsonlWriter {
 public:
  static constexpr size_t default_flush_at = 256 * 1024;  //!< bytes per hand-over

  explicit JsonlWriter(std::unique_ptr<Encoder> encoder, size_t flush_at = default_flush_at);

  //! Where the next record is appended (a whole line, '\n' included).
  std::string& buffer() noexcept { return buffer_; }
  //! Call after each record.
  void record_done() {
    ++records_;
    if (buffer_.size() >= flush_at_) flush();
  }
  //! Writes what is buffered, ends the stream and commits the output.
  void finish();

  //! Records written so far.
  uint64_t records() const noexcept { return records_; }
  //! Uncompressed bytes handed to the encoder so far.
  uint64_t bytes() const noexcept { return bytes_; }

 private:
  void flush();

  std::unique_ptr<Encoder> encoder_;
  size_t flush_at_;
  std::string buffer_;
  uint64_t records_ = 0;
  uint64_t bytes_ = 0;
  bool finished_ = false;
};

}  // namespace docpipe::jsonl
