// fetch.jsonl's inputs: files, directories and globs walked in order, and
// "-" for standard input, shared out to shards by position.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <docpipe_files/file_walker.hpp>

namespace docpipe::fetch_jsonl {

//! One input of this shard.
struct Input {
  std::string name;      //!< for ids and messages: path as walked, or "stdin"
  std::string path;      //!< to open (empty for stdin)
  std::string absolute;  //!< the documents' source prefix
  std::string error;     //!< a walk problem that becomes a failed document
  bool is_stdin = false;
};

//! The k-th input (counting files, problems and "-" alike over all path
//! entries) belongs to shard k % shard_count.
class InputList {
 public:
  InputList(std::vector<std::string> paths, std::vector<std::string> include, uint32_t shard_index,
            uint32_t shard_count);
  //! The next input of this shard; false when there are no more.
  bool next(Input& input);

 private:
  bool next_any(Input& input);

  std::vector<std::string> paths_;
  std::vector<std::string> include_;
  size_t next_path_ = 0;
  std::unique_ptr<files::FileWalker> walker_;
  uint32_t shard_index_;
  uint32_t shard_count_;
  uint64_t position_ = 0;
};

}  // namespace docpipe::fetch_jsonl
