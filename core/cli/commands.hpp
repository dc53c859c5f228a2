// The docpipe subcommands; each returns the process exit code.
#pragma once

#include <string>
#include <vector>

namespace docpipe::cli {

//! docpipe run PIPELINE [options]
int run_command(const std::vector<std::string>& args);
//! docpipe validate PIPELINE [options]
int validate_command(const std::vector<std::string>& args);
//! docpipe plugins [--json]
int plugins_command(const std::vector<std::string>& args);
//! docpipe describe ID [--json]
int describe_command(const std::vector<std::string>& args);

//! docpipe status STATE_DIR [--json] [--shards N]
int status_command(const std::vector<std::string>& args);
//! docpipe stats merge INPUT... [-o FILE] (stats_command dispatches its subcommands)
int stats_command(const std::vector<std::string>& args);
int stats_merge_command(const std::vector<std::string>& args);
//! docpipe slurm PIPELINE --tasks N [options]
int slurm_command(const std::vector<std::string>& args);

//! `docpipe status` exit codes beyond the host's (README.md): not every shard is
//! done yet but none needs attention, and some shard failed, was interrupted or is stale.
inline constexpr int kExitStatusNotFinished = 5;
inline constexpr int kExitStatusNeedsRerun = 6;

}  // namespace docpipe::cli
