#include <docpipe_files/name_filter.hpp>

#include <fnmatch.h>

#include <utility>

namespace docpipe::files {
namespace {

bool matches_any(const std::vector<std::string>& patterns, const char* name) {
  for (const std::string& pattern : patterns) {
    if (fnmatch(pattern.c_str(), name, 0) == 0) return true;
  }
  return false;
}

}  // namespace

NameFilter::NameFilter(std::vector<std::string> include, std::vector<std::string> exclude)
    : include_(std::move(include)), exclude_(std::move(exclude)) {}

bool NameFilter::accepts(const char* name) const {
  if (!include_.empty() && !matches_any(include_, name)) return false;
  return !matches_any(exclude_, name);
}

}  // namespace docpipe::files
