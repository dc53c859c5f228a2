#include <docpipe_files/glob_pattern.hpp>

#include <glob.h>

#include <algorithm>
#include <cerrno>

namespace docpipe::files {
namespace {

// glob(3)'s error callback takes no user pointer, so the expansion in progress
// on this thread collects its unreadable directories here.
thread_local std::vector<GlobMatch>* glob_errors = nullptr;

int record_glob_error(const char* path, int err) {
  // A directory that is not there simply has no matches; one that cannot be read hides some.
  if (err == ENOENT || err == ENOTDIR) return 0;
  if (glob_errors != nullptr) glob_errors->push_back({path, err});
  return 0;  // carry on: the other matches are still good
}

}  // namespace

bool has_wildcard(std::string_view pattern) {
  return pattern.find_first_of("*?[") != std::string_view::npos;
}

std::string_view glob_directory_prefix(std::string_view pattern) {
  size_t wildcard = pattern.find_first_of("*?[");
  if (wildcard == std::string_view::npos) wildcard = pattern.size();
  size_t slash = pattern.rfind('/', wildcard);
  if (slash == std::string_view::npos) return {};
  return pattern.substr(0, slash + 1);
}

std::vector<GlobMatch> expand_glob(const std::string& pattern) {
  std::vector<GlobMatch> matches;
  glob_t found{};
  glob_errors = &matches;
  int rc = glob(pattern.c_str(), GLOB_NOSORT, &record_glob_error, &found);
  glob_errors = nullptr;
  if (rc == 0) {
    matches.reserve(matches.size() + found.gl_pathc);
    for (size_t i = 0; i < found.gl_pathc; ++i) matches.push_back({found.gl_pathv[i], 0});
  } else if (rc == GLOB_NOSPACE) {
    matches.push_back({pattern, ENOMEM});
  }
  globfree(&found);
  std::sort(matches.begin(), matches.end(),
            [](const GlobMatch& a, const GlobMatch& b) { return a.path < b.path; });
  return matches;
}

}  // namespace docpipe::files
