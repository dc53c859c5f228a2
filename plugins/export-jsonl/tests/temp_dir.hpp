// A scratch directory under /tmp for one test, removed with everything in it.
#pragma once

#include <stdlib.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace docpipe::jsonl::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = "/tmp/docpipe-export-jsonl-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    root_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    // Tests may leave directories unreadable; make them removable again.
    for (auto it = std::filesystem::recursive_directory_iterator(
             root_, std::filesystem::directory_options::skip_permission_denied, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_directory(ec) && !it->is_symlink(ec)) ::chmod(it->path().c_str(), 0755);
    }
    std::filesystem::remove_all(root_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  //! The directory itself.
  const std::string& root() const { return root_; }
  //! A path inside it.
  std::string path(std::string_view relative) const { return root_ + "/" + std::string(relative); }
  //! Writes a file (making parent directories) and returns its path.
  std::string write(std::string_view relative, std::string_view content) const {
    std::string full = path(relative);
    std::filesystem::create_directories(std::filesystem::path(full).parent_path());
    std::ofstream out(full, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) throw std::runtime_error("cannot write " + full);
    return full;
  }
  //! The whole content of a file ("" when missing).
  static std::string read(const std::string& full) {
    std::ifstream in(full, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  //! Names in the directory (not recursive), sorted.
  std::vector<std::string> list(std::string_view relative = "") const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(path(relative)))
      names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
  //! Makes a directory (and its parents) and returns its path.
  std::string mkdir(std::string_view relative) const {
    std::string full = path(relative);
    std::filesystem::create_directories(full);
    return full;
  }

 private:
  std::string root_;
};

}  // namespace docpipe::jsonl::testing
