// include/exclude: fnmatch(3) patterns tested against a file's name.
#pragma once

#include <string>
#include <vector>

namespace docpipe::files {

//! Decides from a file name (no directory part) whether a file is read.
class NameFilter {
 public:
  //! An empty include list means "every name".
  NameFilter(std::vector<std::string> include, std::vector<std::string> exclude);
  //! True when the name matches some include pattern and no exclude pattern.
  bool accepts(const char* name) const;

 private:
  std::vector<std::string> include_;
  std::vector<std::string> exclude_;
};

}  // namespace docpipe::files
