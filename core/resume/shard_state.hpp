// The state directory of one shard of a resumable run (--state DIR):
//
//   DIR/shard-IIIII-of-NNNNN/
//     status.json    running | done | failed | interrupted, pid, host, attempt,
//                    committed counts; replaced atomically (docpipe status reads it)
//     journal.jsonl  the commit log: one line per checkpoint (below)
//     stats.json     the --stats JSON of the last attempt
//     tmp/           sinks' unfinished files; emptied when an attempt starts
//     lock           flock()ed by the attempt running now
//
// A checkpoint is committed by appending one journal line and fsyncing it:
//   {"checkpoint":K,"attempt":A,"final":false,
//    "inputs":[["<source>",<documents>,<complete 0|1>],...],
//    "renames":[["<temp>","<final>"],...],
//    "documents":{"ok":..,"dropped":..,"failed":..}}
// Only then are the renames carried out. An attempt that starts finds the
// journal, truncates a torn last line, redoes any rename whose temporary file
// still exists (a crash right after the append), and deletes everything else
// in tmp/ (output of documents no checkpoint covers). So every final-named
// file holds only documents whose inputs the journal records as committed,
// and a rerun skips exactly those documents.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace docpipe {

//! How far one input (a document's source field) got.
struct InputProgress {
  std::string source;
  uint64_t documents = 0;  //!< documents of this input delivered, from its first
  bool complete = false;   //!< the source moved past it: nothing more will come from it
};

//! Documents a checkpoint covers, by outcome.
struct CommitCounts {
  uint64_t ok = 0, dropped = 0, failed = 0;
};

//! One shard's state directory; one attempt holds it (flock) at a time.
class ShardState {
 public:
  //! Opens or creates DIR/shard-…; takes the lock, checks the fingerprint,
  //! recovers from a crashed attempt. Throws ConfigError (another process
  //! holds the shard, another pipeline wrote it, unreadable files).
  ShardState(const std::filesystem::path& root, uint32_t shard_index, uint32_t shard_count,
             std::string pipeline_name, std::string fingerprint);
  ~ShardState();
  ShardState(const ShardState&) = delete;
  ShardState& operator=(const ShardState&) = delete;

  //! An earlier attempt finished the shard: there is nothing to do.
  bool finished() const noexcept { return finished_; }
  //! 1 for a shard's first attempt, then 2, 3, ...
  uint32_t attempt() const noexcept { return attempt_; }
  //! DIR/shard-IIIII-of-NNNNN.
  const std::filesystem::path& dir() const noexcept { return dir_; }
  //! Where sinks write unfinished files.
  const std::filesystem::path& temp_dir() const noexcept { return temp_dir_; }
  //! Documents earlier attempts committed: total, and of each input (UINT64_MAX: complete).
  uint64_t committed_documents() const noexcept { return committed_documents_; }
  uint64_t committed(std::string_view source) const;

  //! A sink finished a file; its rename waits for the next commit. Thread-safe.
  void defer_rename(std::string temp_path, std::string final_path);
  //! Records a checkpoint (journal append + fsync), then renames the deferred
  //! files. final=true marks the shard done. Throws std::runtime_error on I/O errors.
  void commit(const std::vector<InputProgress>& inputs, const CommitCounts& counts, bool final);
  //! Forgets deferred renames (their temporary files are deleted on the next attempt).
  void abandon_pending();

  //! Rewrites status.json: state is running, done, failed or interrupted.
  void write_status(std::string_view state, std::optional<int> exit_code);
  //! Writes stats.json (atomically).
  void write_stats(const std::string& json);

 private:
  void lock();
  void replay_journal();
  void clean_temp_dir();

  std::filesystem::path dir_;
  std::filesystem::path temp_dir_;
  std::filesystem::path journal_path_;
  uint32_t shard_index_;
  uint32_t shard_count_;
  std::string pipeline_;
  std::string fingerprint_;
  int lock_fd_ = -1;
  uint32_t attempt_ = 1;
  bool finished_ = false;
  uint64_t checkpoints_ = 0;
  uint64_t committed_documents_ = 0;
  std::string started_;
  std::map<std::string, uint64_t, std::less<>> committed_;  // input -> documents; UINT64_MAX complete
  std::mutex pending_mutex_;
  std::vector<std::pair<std::string, std::string>> pending_;
};

//! "shard-00003-of-00004".
std::string shard_dir_name(uint32_t shard_index, uint32_t shard_count);
//! The shard a directory name written by shard_dir_name() names; false for anything else.
bool parse_shard_dir_name(std::string_view name, uint32_t& index, uint32_t& count);

//! Moves a file into place, copying when the two names are on different filesystems.
void move_file(const std::filesystem::path& from, const std::filesystem::path& to);

}  // namespace docpipe
