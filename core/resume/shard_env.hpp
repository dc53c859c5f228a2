// `--shard auto`: which shard this process is, from the batch system's variables.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace docpipe {

//! A shard and where it was found.
struct ShardFromEnv {
  uint32_t index = 0;
  uint32_t count = 1;
  std::string origin;  //!< e.g. "SLURM_ARRAY_TASK_ID=3 - SLURM_ARRAY_TASK_MIN=0 of SLURM_ARRAY_TASK_COUNT=4"
};

//! Reads, in order: Slurm job arrays (SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN
//! of SLURM_ARRAY_TASK_COUNT; or SLURM_ARRAY_TASK_ID itself of DOCPIPE_SHARD_COUNT
//! when that is set, as in the scripts `docpipe slurm` writes); Kubernetes indexed jobs (JOB_COMPLETION_INDEX);
//! AWS Batch arrays (AWS_BATCH_JOB_ARRAY_INDEX); Grid Engine (SGE_TASK_ID,
//! 1-based, with SGE_TASK_FIRST/LAST/STEPSIZE); PBS (PBS_ARRAY_INDEX); and
//! DOCPIPE_SHARD_INDEX. Where the system does not say how many shards there
//! are, DOCPIPE_SHARD_COUNT must. Throws ConfigError naming the variables.
ShardFromEnv shard_from_env(const std::function<std::optional<std::string>(const char*)>& getenv);

//! The same over the process environment.
ShardFromEnv shard_from_env();

}  // namespace docpipe
