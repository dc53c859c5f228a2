// The deterministic, lazy walk over the `path` entries of file-reading sources.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include <docpipe_files/glob_pattern.hpp>
#include <docpipe_files/name_filter.hpp>

namespace docpipe::files {

//! How the walk treats what it finds.
struct WalkOptions {
  std::vector<std::string> include;  //!< fnmatch patterns on file names; empty = all
  std::vector<std::string> exclude;  //!< fnmatch patterns on file names
  bool recursive = true;             //!< descend into subdirectories of directory roots
  bool follow_symlinks = false;      //!< follow symlinks met inside directories
  uint32_t shard_index = 0;          //!< this shard, 0-based
  uint32_t shard_count = 1;          //!< items k with k % shard_count == shard_index are ours
};

//! One item of the walk: a file to read, or a problem that becomes a failed document.
struct WalkItem {
  std::string id;         //!< path relative to the root it was found under
  std::string path;       //!< path to open, as built from the root
  std::string absolute;   //!< absolute, lexically normal path (the document's source)
  std::string error;      //!< empty for a file to read; else what went wrong
  uint64_t sequence = 0;  //!< position in the whole walk over all shards, from 0
};

//! Walks the roots in the order given; directories in byte order of names,
//! one sorted listing per open directory (memory bounded by width, not size).
//! Every file and every problem is one item; shards take every N-th item.
class FileWalker {
 public:
  FileWalker(std::vector<std::string> roots, WalkOptions options);

  //! The next item of this shard; false when the walk is over.
  bool next(WalkItem& item);

  //! Symlinks inside directories that were not followed (follow_symlinks=false).
  uint64_t skipped_symlinks() const noexcept { return skipped_symlinks_; }

 private:
  struct Entry {
    std::string name;
    unsigned char type;  // DT_* from readdir; DT_UNKNOWN when the filesystem does not say
  };
  struct Frame {
    std::string path;       // for system calls
    std::string absolute;   // for sources
    std::string id_prefix;  // "" or "sub/dir/"
    std::vector<Entry> entries;
    size_t next = 0;
    dev_t device = 0;
    ino_t inode = 0;
  };

  void start_root(const std::string& root);
  void start_glob_match(const GlobMatch& match);
  void visit_entry(const Frame& frame, const Entry& entry);
  void enter_directory(std::string path, std::string absolute, std::string id,
                       std::string error_id);
  std::string absolute_of(const std::string& path) const;
  bool on_stack(dev_t device, ino_t inode) const;
  void offer(std::string id, std::string path, std::string absolute, std::string error);

  std::vector<std::string> roots_;
  size_t next_root_ = 0;
  WalkOptions options_;
  NameFilter filter_;
  std::string cwd_;

  std::vector<GlobMatch> glob_matches_;
  size_t next_glob_match_ = 0;
  std::string glob_prefix_;

  std::vector<Frame> stack_;
  uint64_t sequence_ = 0;
  uint64_t skipped_symlinks_ = 0;
  bool ready_ = false;
  WalkItem pending_;
};

}  // namespace docpipe::files
