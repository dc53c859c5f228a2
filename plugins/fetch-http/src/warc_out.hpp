// warc_out: every response fetch.http receives, and its request, as WARC/1.1 records.
#pragma once

#include <zlib.h>

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "curl_driver.hpp"

namespace docpipe::http {

//! The HTTP response as archived: status line, headers with the transfer and content coding
//! undone (renamed X-Crawler-*, Content-Length of the decoded body), then the decoded body.
std::string archived_response(const Response& r);

//! Writes records to a temporary file beside the target, renamed to it by commit().
//! Compresses records as one gzip member each, reusing one deflate state: setting up zlib's
//! state for every small record costs more than compressing it.
class GzipMembers {
 public:
  explicit GzipMembers(int level);
  ~GzipMembers();
  GzipMembers(const GzipMembers&) = delete;
  GzipMembers& operator=(const GzipMembers&) = delete;
  //! data as one complete gzip member.
  const std::string& compress(std::string_view data);

 private:
  z_stream zs_{};
  std::string out_;
};

class WarcOut {
 public:
  //! Opens PATH.tmp-PID; gzip per record when the path ends in ".gz", at gzip_level (1
  //! fastest .. 9 smallest). Throws when the target exists (unless overwrite) or the file
  //! cannot be made.
  WarcOut(std::string path, bool overwrite, std::string software, int gzip_level = 1);
  //! Removes the temporary file unless committed.
  ~WarcOut();
  WarcOut(const WarcOut&) = delete;
  WarcOut& operator=(const WarcOut&) = delete;

  //! Appends a response record and its request record; errors are kept for error().
  void write(const Response& r);
  //! Flushes, closes and renames into place; false (see error()) on failure.
  bool commit();
  //! Why writing failed (empty while all is well).
  const std::string& error() const noexcept { return error_; }
  //! Records written.
  uint64_t records() const noexcept { return records_; }

 private:
  void put_record(const std::string& record);
  void put(const std::string& bytes);

  std::string path_;
  std::string tmp_;
  std::unique_ptr<GzipMembers> gzip_;  // null: plain WARC
  std::FILE* file_ = nullptr;
  bool committed_ = false;
  std::string error_;
  uint64_t records_ = 0;
};

}  // namespace docpipe::http
