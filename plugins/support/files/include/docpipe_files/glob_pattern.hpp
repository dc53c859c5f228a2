// Glob patterns among the `path` entries: recognising and expanding them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace docpipe::files {

//! True when the text has a glob(3) wildcard: *, ? or [.
bool has_wildcard(std::string_view pattern);

//! The longest wildcard-free directory prefix, ending in '/' ("data/a/" for
//! "data/a/*/x.html"); empty when the first component has a wildcard.
std::string_view glob_directory_prefix(std::string_view pattern);

//! One path glob(3) produced, or a directory it could not read.
struct GlobMatch {
  std::string path;
  int error = 0;  //!< errno when this directory could not be read while expanding
};

//! Expands a pattern, sorted by byte order of path (not by locale).
std::vector<GlobMatch> expand_glob(const std::string& pattern);

}  // namespace docpipe::files
