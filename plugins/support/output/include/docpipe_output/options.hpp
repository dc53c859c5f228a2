// What a RollingOutput is asked to write: names, rolling, durability, compression.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace docpipe::output {

//! Options shared by every file sink (the params of sink_params.hpp).
struct OutputOptions {
  std::string path_template;  //!< see expand_template(); "-" is standard output
  bool overwrite = false;     //!< replace existing final files
  bool fsync = false;         //!< fsync each file and its directory on commit
  uint64_t max_docs = 0;      //!< records per part; 0: no limit
  uint64_t max_bytes = 0;     //!< uncompressed bytes per part (rolls after the record crossing it); 0: no limit
  uint32_t shard_index = 0;   //!< {shard}
  uint32_t shard_count = 1;   //!< {shard_count}
  std::string pipeline;       //!< {pipeline}
  std::string compression = "auto";  //!< auto (by suffix) | none | gzip | zstd
  int level = -1;                    //!< compression level; -1: the format's default
  // Added after the first interface (append-only):
  std::string id;                     //!< {id}, for sinks writing one file per document
  size_t buffer_size = 256 * 1024;    //!< bytes gathered before handing them to the compressor
  // Resumable runs (docpipe run --state): set by options_from() when the host asks.
  std::string temp_dir;  //!< unfinished files go here, not beside their final names
  //! When set, a finished file is not renamed but handed over (temp, final):
  //! the host renames it after recording the checkpoint that covers it.
  std::function<void(const std::string& temp_path, const std::string& final_path)> defer_rename;
  uint32_t attempt = 0;  //!< > 1: parts an earlier attempt committed exist; numbering goes on after them
  //! Where "-" writes: the run's standard output, which the host may have
  //! moved off fd 1 so that plugins' prints cannot mix into it; -1: none.
  int stdout_fd = 1;
};

}  // namespace docpipe::output
