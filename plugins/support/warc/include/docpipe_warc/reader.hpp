// A streaming WARC 1.0/1.1 reader: plain, whole-file gzip and per-record gzip
// (one member per record, as Common Crawl ships), found by magic bytes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <docpipe_warc/headers.hpp>

namespace docpipe::warc {

//! Limits and start position of a Reader.
struct ReaderOptions {
  uint64_t max_record_size = 64ull << 20;  //!< largest block read; bigger records fail (skipped)
  size_t max_header_size = 256u << 10;     //!< largest WARC header block
  size_t buffer_size = 1u << 20;           //!< bytes read from the file at a time
  uint64_t start_offset = 0;               //!< file offset to start at (a record or gzip member)
};

//! What a Record's offset counts.
enum class OffsetKind {
  file,         //!< byte offset in a plain file: seek there and read
  gzip_member,  //!< offset of the gzip member the record begins: seek there and read
  decompressed  //!< offset in the decompressed stream (records inside a bigger gzip member)
};

//! How the file is stored.
enum class Layout { unknown, plain, gzip };

//! One record, or the failure to read one (error not empty).
struct Record {
  std::string version;      //!< "WARC/1.0" or "WARC/1.1"
  std::string type;         //!< WARC-Type
  Headers headers;          //!< the WARC headers
  std::string block;        //!< the content block (empty for failed records)
  uint64_t content_length = 0;
  uint64_t offset = 0;      //!< where the record starts; see offset_kind
  OffsetKind offset_kind = OffsetKind::file;
  std::string error;        //!< empty for a good record; else what was wrong

  //! Clears everything, keeping the block's capacity.
  void clear();
};

//! Reads records one after another in bounded memory; a bad record becomes a
//! Record with error set and reading resumes at the next record.
class Reader {
 public:
  //! Opens the file; throws std::runtime_error when it cannot be opened.
  Reader(const std::string& path, ReaderOptions options = {});
  ~Reader();
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  //! The next record (check its error); false at the end of the file.
  bool next(Record& record);
  //! Plain or gzip, once the first bytes have been seen.
  Layout layout() const noexcept;
  //! Compressed bytes consumed so far (the file size once at the end).
  uint64_t bytes_read() const noexcept;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

//! "plain", "gzip member" or "decompressed", for messages.
const char* offset_kind_name(OffsetKind kind) noexcept;

}  // namespace docpipe::warc
