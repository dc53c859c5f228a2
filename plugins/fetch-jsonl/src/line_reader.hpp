// Lines of a plain, gzip or zstd stream (found by magic bytes), read in
// chunks with a bounded line buffer.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace docpipe::fetch_jsonl {

//! What LineReader::next found.
enum class LineStatus {
  line,      //!< a line (without its "\n" or "\r\n")
  too_long,  //!< a line longer than max_line_size: skipped up to its end
  error,     //!< the stream cannot be read further (message says why)
  end        //!< no more lines
};

//! Splits a file descriptor's (decompressed) bytes into lines.
class LineReader {
 public:
  //! Does not own fd. chunk_size bytes are read at a time.
  LineReader(int fd, uint64_t max_line_size, size_t chunk_size = 1 << 20);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  //! The next line; its view lives until the next call.
  LineStatus next(std::string_view& line);
  //! Number of the line last returned, from 1.
  uint64_t line_number() const noexcept { return line_number_; }
  //! Why reading stopped (for LineStatus::error).
  const std::string& message() const noexcept { return message_; }
  //! Bytes read from the descriptor so far (compressed, for .gz and .zst).
  uint64_t bytes_read() const noexcept;
  //! "plain", "gzip" or "zstd" once known.
  const char* format() const noexcept;

 private:
  class Decoder;
  //! Appends decoded bytes to buffer_; false at the end or on error.
  bool fill();

  int fd_;
  uint64_t max_line_size_;
  size_t chunk_size_;
  std::unique_ptr<Decoder> decoder_;
  std::string buffer_;
  size_t begin_ = 0;
  uint64_t line_number_ = 0;
  bool eof_ = false;
  bool skipping_ = false;
  std::string message_;
};

}  // namespace docpipe::fetch_jsonl
