// Reads one file whole, gunzipping or un-zstd-ing it on the way when its
// first bytes say so, and never holding more than max_size + 1 bytes of it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace docpipe::files {

//! How a file's bytes were stored.
enum class Encoding { plain, gzip, zstd };

//! What reading one file gave besides its bytes.
struct ReadOutcome {
  std::string error;     //!< empty on success; else the failed document's message
  int64_t mtime_ms = 0;  //!< modification time, ms since the Unix epoch
  Encoding encoding = Encoding::plain;
  uint64_t stored_size = 0;  //!< bytes on disk (compressed size for .gz/.zst)
  uint64_t bytes_read = 0;   //!< stored bytes actually read (less when cut off early)
};

//! Reads files one after another, reusing its buffers and decompressors.
class FileReader {
 public:
  //! max_size caps the bytes after decompression; decompress=false returns stored bytes.
  FileReader(uint64_t max_size, bool decompress);
  ~FileReader();
  FileReader(const FileReader&) = delete;
  FileReader& operator=(const FileReader&) = delete;

  //! Replaces out with the file's content; check error in the outcome.
  ReadOutcome read(const std::string& path, std::string& out);

 private:
  class Inflater;
  class ZstdDecoder;

  //! Fills input_ from the file; bytes read (0 at end), or -1 with errno set.
  long fill_input(int fd, ReadOutcome& outcome);
  void read_plain(int fd, std::string& out, ReadOutcome& outcome);
  void read_gzip(int fd, std::string& out, ReadOutcome& outcome);
  void read_zstd(int fd, std::string& out, ReadOutcome& outcome);
  //! Grows out for more decompressed bytes, up to max_size + 1; false at the cap.
  bool grow_output(std::string& out, size_t used) const;
  std::string too_big_after_decompression(const char* format, const ReadOutcome& outcome) const;

  uint64_t max_size_;
  bool decompress_;
  std::vector<char> input_;
  std::unique_ptr<Inflater> inflater_;
  std::unique_ptr<ZstdDecoder> zstd_;
};

}  // namespace docpipe::files
