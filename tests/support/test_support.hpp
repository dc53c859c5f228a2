// Helpers shared by the host's tests: temporary directories, reading files,
// and running the docpipe CLI as a user would.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace docpipe::test {

//! A fresh directory under /tmp, removed with everything in it when the object dies.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "docpipe-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    root_ = pattern;
    path_ = root_;
  }
  ~TempDir() {
    std::error_code ec;
    // Tests may leave directories unreadable; make them removable again.
    for (auto it = std::filesystem::recursive_directory_iterator(
             path_, std::filesystem::directory_options::skip_permission_denied, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_directory(ec) && !it->is_symlink(ec)) ::chmod(it->path().c_str(), 0755);
    }
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  //! The directory itself.
  const std::filesystem::path& path() const { return path_; }
  //! The directory itself, as a string.
  const std::string& root() const { return root_; }
  //! A path inside it.
  std::string path(std::string_view relative) const { return root_ + "/" + std::string(relative); }
  std::string operator/(const std::string& name) const { return path(name); }
  //! Writes a file (making parent directories) and returns its path.
  std::string write(std::string_view relative, std::string_view content) const {
    std::string full = path(relative);
    std::filesystem::create_directories(std::filesystem::path(full).parent_path());
    std::ofstream out(full, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) throw std::runtime_error("cannot write " + full);
    return full;
  }
  //! Makes a directory (and its parents) and returns its path.
  std::string mkdir(std::string_view relative) const {
    std::string full = path(relative);
    std::filesystem::create_directories(full);
    return full;
  }
  //! The whole content of a file ("" when missing).
  static std::string read(const std::string& full) {
    std::ifstream in(full, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  //! Names in a directory inside it (not recursive), sorted.
  std::vector<std::string> list(std::string_view relative = "") const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(path(relative)))
      names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

 private:
  std::string root_;
  std::filesystem::path path_;
};

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_file(const std::filesystem::path& p, const std::string& content) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
}

inline std::vector<std::string> read_lines(const std::filesystem::path& p) {
  std::vector<std::string> lines;
  std::ifstream in(p);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

//! What a CLI run printed and returned.
struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

#ifdef DOCPIPE_CLI
//! Where a spawned CLI's standard streams go; "" is /dev/null. An err equal
//! to out shares its file (stderr after stdout, as a terminal shows them).
struct CliStreams {
  std::string out;
  std::string err;
  std::string in;   //!< read as standard input
  std::string cwd;  //!< working directory; "" keeps the test's
};

//! Starts build/bin/docpipe with arguments (no shell) and returns without waiting.
inline pid_t spawn_cli(const std::vector<std::string>& args, const CliStreams& streams) {
  pid_t pid = fork();
  if (pid == 0) {
    auto redirect = [](const std::string& path, int fd, int flags) {
      int opened = ::open(path.empty() ? "/dev/null" : path.c_str(), flags | O_CLOEXEC, 0644);
      return opened >= 0 && ::dup2(opened, fd) >= 0;
    };
    if (!streams.cwd.empty() && chdir(streams.cwd.c_str()) != 0) _exit(127);
    if (!redirect(streams.in, STDIN_FILENO, O_RDONLY)) _exit(127);
    if (!redirect(streams.out, STDOUT_FILENO, O_WRONLY | O_CREAT | O_TRUNC)) _exit(127);
    bool shared = !streams.err.empty() && streams.err == streams.out;
    if (shared ? ::dup2(STDOUT_FILENO, STDERR_FILENO) < 0
               : !redirect(streams.err, STDERR_FILENO, O_WRONLY | O_CREAT | O_TRUNC))
      _exit(127);
    std::vector<char*> argv;
    std::string exe = DOCPIPE_CLI;
    argv.push_back(exe.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(exe.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

//! Waits for a spawned CLI; its exit code, or 128 + the signal that ended it.
inline int wait_cli(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

//! Runs build/bin/docpipe with arguments (no shell), capturing stdout and
//! stderr; standard input from stdin_file when given, else /dev/null.
inline CliResult run_cli(const std::vector<std::string>& args, const std::string& cwd = {},
                         const std::string& stdin_file = {}) {
  TempDir capture;
  CliStreams streams{capture / "out", capture / "err", stdin_file, cwd};
  CliResult r;
  r.exit_code = wait_cli(spawn_cli(args, streams));
  r.out = read_file(streams.out);
  r.err = read_file(streams.err);
  return r;
}
#endif

}  // namespace docpipe::test
