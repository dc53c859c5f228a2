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

}  // namespace docpipe::cli
