// Reading a `--state` directory: which shards exist and what each one's
// status.json says. `docpipe run` writes it; status, stats merge and slurm
// read it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace docpipe::cli {

//! One shard's directory: DIR/shard-IIIII-of-NNNNN.
struct ShardDir {
  uint32_t index = 0;
  uint32_t count = 0;
  std::filesystem::path dir;
};

//! The shard directories in state_dir, sorted by count then index. Throws
//! ConfigError when state_dir is not a readable directory.
std::vector<ShardDir> list_shard_dirs(const std::filesystem::path& state_dir);

//! The one shard count of dirs; throws ConfigError naming two directories that disagree.
//! nullopt when dirs is empty.
std::optional<uint32_t> common_shard_count(const std::vector<ShardDir>& dirs);

//! What a shard's status.json says, plus what we concluded about it.
struct ShardStatus {
  uint32_t index = 0;
  uint32_t count = 0;
  //! done, running, failed, interrupted, stale (running, but its pid is gone on this host),
  //! pending (no directory or no status.json yet) or unreadable (see error).
  std::string state = "pending";
  std::string error;  //!< why status.json could not be read
  std::string pipeline, fingerprint, host;
  int64_t pid = 0;
  int64_t attempt = 0;
  std::string started, updated, finished;
  std::optional<int64_t> exit_code;
  uint64_t documents = 0;    //!< committed documents
  uint64_t checkpoints = 0;  //!< committed checkpoints
  bool on_this_host = false;
};

//! Reads DIR/status.json of one shard and classifies it (stale detection included).
ShardStatus read_shard_status(const ShardDir& shard);

//! This machine's host name, as `docpipe run` records it.
std::string this_host_name();

}  // namespace docpipe::cli
