// The sbatch script `docpipe slurm` writes: a job array with one task per
// shard, and the checks of what goes into it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace docpipe::cli {

//! Everything the script is made from; paths already absolute.
struct SlurmJob {
  std::string docpipe;      //!< the docpipe executable
  std::string pipeline;     //!< pipeline file (or one-line form)
  std::string workdir;      //!< where the tasks run (relative paths in the pipeline resolve here)
  std::string state_dir;
  std::string logs_dir;
  std::string job_name;
  uint32_t tasks = 1;
  std::string array;        //!< indices to run ("0-3" by default, or a subset to rerun)
  uint32_t max_running = 0; //!< 0: no %K throttle
  std::string partition, time, mem;
  uint32_t cpus_per_task = 0;  //!< 0: the cluster's default
  std::vector<std::string> sets;
  std::vector<std::string> plugin_paths;
  std::vector<std::string> run_args;  //!< more docpipe run arguments, passed as they are
  std::string generated_by;  //!< a comment line: version and date
};

//! The script text.
std::string slurm_script(const SlurmJob& job);

//! One word for sh: unchanged when it is made of safe characters, else in single quotes.
std::string shell_quote(const std::string& word);

//! Slurm's --time forms: M, M:S, H:M:S, D-H, D-H:M, D-H:M:S, or UNLIMITED/INFINITE.
bool valid_slurm_time(const std::string& t);
//! Slurm's --mem: a positive whole number with an optional K, M, G or T suffix.
bool valid_slurm_mem(const std::string& m);
//! An array index list "0-3,7,9-10" with every index below count; error says why not.
bool valid_array_indices(const std::string& list, uint32_t count, std::string& error);
//! A name safe on an #SBATCH line: letters, digits, . _ - + (job name, partition).
bool valid_slurm_name(const std::string& name);

}  // namespace docpipe::cli
