#include "shard_env.hpp"

#include <cstdlib>

#include "../errors.hpp"

namespace docpipe {
namespace {

using Getenv = std::function<std::optional<std::string>(const char*)>;

uint64_t number(const Getenv& env, const char* name) {
  auto v = env(name);
  if (!v) throw ConfigError(std::string("--shard auto: ") + name + " is not set");
  if (v->empty() || v->size() > 9 || v->find_first_not_of("0123456789") != std::string::npos)
    throw ConfigError(std::string("--shard auto: ") + name + "=" + *v + " is not a non-negative integer");
  return std::stoull(*v);
}

uint64_t number_or(const Getenv& env, const char* name, uint64_t fallback) {
  return env(name) ? number(env, name) : fallback;
}

ShardFromEnv checked(uint64_t index, uint64_t count, std::string origin) {
  if (count == 0 || index >= count)
    throw ConfigError("--shard auto: " + origin + " is not a shard: need 0 <= index < count");
  return {static_cast<uint32_t>(index), static_cast<uint32_t>(count), std::move(origin)};
}

// Systems that give the index but not the count.
ShardFromEnv with_count_variable(const Getenv& env, const char* index_name, uint64_t index) {
  if (!env("DOCPIPE_SHARD_COUNT"))
    throw ConfigError(std::string("--shard auto: ") + index_name +
                      " gives this shard's index but not the number of shards: set DOCPIPE_SHARD_COUNT");
  uint64_t count = number(env, "DOCPIPE_SHARD_COUNT");
  return checked(index, count,
                 std::string(index_name) + "=" + std::to_string(index) + " of DOCPIPE_SHARD_COUNT=" + std::to_string(count));
}

}  // namespace

ShardFromEnv shard_from_env(const Getenv& env) {
  if (env("SLURM_ARRAY_TASK_ID")) {
    uint64_t id = number(env, "SLURM_ARRAY_TASK_ID");
    // A fixed count makes the task id the shard itself, so that resubmitting
    // some tasks of the array (sbatch --array=5) still runs shard 5, not 0 of 1.
    if (env("DOCPIPE_SHARD_COUNT")) return with_count_variable(env, "SLURM_ARRAY_TASK_ID", id);
    uint64_t min = number_or(env, "SLURM_ARRAY_TASK_MIN", 0);
    uint64_t count = env("SLURM_ARRAY_TASK_COUNT") ? number(env, "SLURM_ARRAY_TASK_COUNT")
                                                   : number_or(env, "SLURM_ARRAY_TASK_MAX", id) - min + 1;
    if (id < min) throw ConfigError("--shard auto: SLURM_ARRAY_TASK_ID is below SLURM_ARRAY_TASK_MIN");
    return checked(id - min, count,
                   "SLURM_ARRAY_TASK_ID=" + std::to_string(id) + " - SLURM_ARRAY_TASK_MIN=" + std::to_string(min) +
                       " of SLURM_ARRAY_TASK_COUNT=" + std::to_string(count));
  }
  if (env("JOB_COMPLETION_INDEX"))
    return with_count_variable(env, "JOB_COMPLETION_INDEX", number(env, "JOB_COMPLETION_INDEX"));
  if (env("AWS_BATCH_JOB_ARRAY_INDEX"))
    return with_count_variable(env, "AWS_BATCH_JOB_ARRAY_INDEX", number(env, "AWS_BATCH_JOB_ARRAY_INDEX"));
  if (env("SGE_TASK_ID") && *env("SGE_TASK_ID") != "undefined") {
    uint64_t id = number(env, "SGE_TASK_ID");
    uint64_t first = number_or(env, "SGE_TASK_FIRST", 1);
    uint64_t last = number_or(env, "SGE_TASK_LAST", id);
    uint64_t step = number_or(env, "SGE_TASK_STEPSIZE", 1);
    if (step == 0 || id < first || (id - first) % step != 0)
      throw ConfigError("--shard auto: SGE_TASK_ID is not one of SGE_TASK_FIRST..SGE_TASK_LAST by SGE_TASK_STEPSIZE");
    return checked((id - first) / step, (last - first) / step + 1,
                   "SGE_TASK_ID=" + std::to_string(id) + " of SGE_TASK_FIRST..SGE_TASK_LAST");
  }
  if (env("PBS_ARRAY_INDEX")) return with_count_variable(env, "PBS_ARRAY_INDEX", number(env, "PBS_ARRAY_INDEX"));
  if (env("DOCPIPE_SHARD_INDEX"))
    return with_count_variable(env, "DOCPIPE_SHARD_INDEX", number(env, "DOCPIPE_SHARD_INDEX"));
  throw ConfigError(
      "--shard auto: no shard in the environment (looked for SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX, "
      "AWS_BATCH_JOB_ARRAY_INDEX, SGE_TASK_ID, PBS_ARRAY_INDEX, DOCPIPE_SHARD_INDEX)");
}

ShardFromEnv shard_from_env() {
  return shard_from_env([](const char* name) -> std::optional<std::string> {
    const char* v = std::getenv(name);
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  });
}

}  // namespace docpipe
