// What a worker process needs to recreate the host's isolated stages: the
// library and id of each plugin, its instance name and validated parameters,
// where the run is, and how to log. One writer (host) and one reader (worker).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "../params.hpp"

namespace docpipe::isolation {

//! One isolated stage.
struct StageSetup {
  std::string library;  //!< the plugin library's path, as the host loaded it
  std::string plugin;   //!< plugin id
  std::string name;     //!< instance name ("clean.html#1")
  std::shared_ptr<const dp_config> config;
};

//! Everything a worker is told at start.
struct WorkerSetup {
  std::string pipeline_name;
  uint32_t shard_index = 0;
  uint32_t shard_count = 1;
  uint32_t worker_index = 0;
  int log_level = 2;  //!< spdlog::level::level_enum
  bool log_json = false;
  uint64_t memory_cap = 0;  //!< bytes; 0 for none
  std::vector<StageSetup> stages;
};

//! The setup as JSON text.
std::string encode_setup(const WorkerSetup& setup);
//! Reads encode_setup()'s output; throws std::runtime_error when malformed.
WorkerSetup decode_setup(std::string_view json);

}  // namespace docpipe::isolation
