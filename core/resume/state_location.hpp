// Where a resumable run keeps its state, and what identifies its pipeline.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "../pipeline.hpp"

namespace docpipe {

//! "next to the outputs": DIR/_docpipe_state, DIR being the directory of the
//! first sink's `path` up to its first template variable; "./_docpipe_state"
//! when the path has no directory. Throws ConfigError when the first sink has
//! no path parameter (then --state must be given).
std::filesystem::path default_state_dir(const Pipeline& pipeline);

//! A hash (16 hex digits) of what decides the outputs: the pipeline text (the
//! file's bytes, or the one-line form) and the --set overrides.
std::string pipeline_fingerprint(const std::string& pipeline_arg, const std::vector<std::string>& overrides);

}  // namespace docpipe
