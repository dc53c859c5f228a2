// Reads URL lists lazily: plain text (one URL a line) or JSONL ({"url": ..., extra fields}).
#pragma once

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace docpipe::http {

//! One metadata entry carried over from a JSONL input line.
struct MetaField {
  std::string key;
  std::string value;  //!< the string, or JSON text when is_json
  bool is_json = false;
};

//! One input line: a URL to fetch, or a line that could not be understood.
struct InputItem {
  std::string url;              //!< as written (trimmed)
  std::string id;               //!< JSONL "id", else empty (the URL is the id)
  std::vector<MetaField> meta;  //!< JSONL fields other than url and id
  std::string error;            //!< non-empty: the line is bad, this says why
  std::string where;            //!< "file:line", for messages
};

//! How URLs are assigned to shards.
enum class ShardBy { url, host };

//! The key an input URL is sharded by (its text, or its host).
std::string shard_key(const std::string& url, ShardBy by);

//! Walks the URL list files in order, yielding only this shard's lines.
class UrlInput {
 public:
  //! Opens nothing yet; throws std::runtime_error when a file cannot be opened.
  UrlInput(std::vector<std::string> files, ShardBy by, uint32_t shard_index, uint32_t shard_count);

  //! The next item of this shard; false at the end of the last file.
  bool next(InputItem& out);

  //! Lines read so far over all shards (for logs).
  uint64_t lines_read() const noexcept { return lines_read_; }

 private:
  bool open_next_file();
  bool parse_line(std::string_view line, InputItem& out);

  std::vector<std::string> files_;
  ShardBy by_;
  uint32_t shard_index_;
  uint32_t shard_count_;
  size_t file_index_ = 0;
  std::ifstream in_;
  bool in_open_ = false;
  bool jsonl_ = false;
  uint64_t line_no_ = 0;
  uint64_t lines_read_ = 0;
};

}  // namespace docpipe::http
