// Length-prefixed binary records: the byte layer under the three dedup file formats. Integers are
// little-endian; a file that ends inside a record is read up to its last whole record (a shard
// that crashed mid-write loses only the record it was writing).
#pragma once

#include <cstdint>
#include <fstream>
#include <string>
#include <string_view>

namespace docpipe::dedup {

class RecordOut {
 public:
  //! Opens (truncating) and writes the 8-byte magic; throws std::runtime_error on failure.
  RecordOut(const std::string& path, std::string_view magic);
  void put_u32(uint32_t v);
  void put_u64(uint64_t v);
  void put_string(std::string_view s);
  //! Flushes; throws when the disk refused a write.
  void flush();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::ofstream out_;
};

class RecordIn {
 public:
  //! Opens and checks the magic; throws std::runtime_error naming the path otherwise.
  RecordIn(const std::string& path, std::string_view magic);
  //! False at the end of the file or of its last whole record.
  bool get_u32(uint32_t& v);
  bool get_u64(uint64_t& v);
  bool get_string(std::string& s, size_t max_size = 1 << 20);
  const std::string& path() const { return path_; }

 private:
  bool get_bytes(char* data, size_t n);
  std::string path_;
  std::ifstream in_;
};

}  // namespace docpipe::dedup
