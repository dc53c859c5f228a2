#include <docpipe_output/atomic_file.hpp>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string_view>

namespace docpipe::output {
namespace {

std::string errno_text(int err) {
  char buffer[256];
  return strerror_r(err, buffer, sizeof buffer);
}

[[noreturn]] void fail(const std::string& what, const std::string& path, int err) {
  throw std::runtime_error(what + " " + path + ": " + errno_text(err));
}

void write_all(int fd, const char* data, size_t size, const std::string& path) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write", path, errno);
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
}

// Two instances of one process writing beside the same name must not share a temp file.
std::atomic<unsigned> temp_counter{0};

// ".NAME.tmp-": what every temporary file for final name NAME starts with.
std::string temp_prefix(const std::string& final_name) {
  // Appended piece by piece: g++ 12 warns falsely (-Wrestrict) on "." + string + ...
  std::string prefix = ".";
  prefix += final_name;
  prefix += ".tmp-";
  return prefix;
}

std::filesystem::path temp_dir_for(const std::filesystem::path& final_path, const std::string& temp_dir) {
  return temp_dir.empty() ? final_path.parent_path() : std::filesystem::path(temp_dir);
}

std::string temp_name_for(const std::filesystem::path& final_path, const std::string& temp_dir) {
  std::string name = temp_prefix(final_path.filename().string());
  name += std::to_string(::getpid());
  name += '-';
  name += std::to_string(temp_counter.fetch_add(1));
  return (temp_dir_for(final_path, temp_dir) / name).string();
}

// Creates path with an exclusive flock already held, so no other process ever
// sees it unlocked (and takes it for a dead writer's): an unnamed O_TMPFILE
// file is locked, then linked under its name. Filesystems without O_TMPFILE
// get open(O_EXCL) then flock, leaving a moment in which a cleaner could take it.
// Returns the fd, or -1 with errno set (EEXIST when the name is taken).
int create_locked(const std::string& path) {
  std::filesystem::path p(path);
  std::string dir = p.has_parent_path() ? p.parent_path().string() : ".";
  int fd = ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
  if (fd >= 0) {
    if (::flock(fd, LOCK_EX) == 0) {
      std::string self = "/proc/self/fd/" + std::to_string(fd);
      if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, path.c_str(), AT_SYMLINK_FOLLOW) == 0) return fd;
      int err = errno;
      if (err == EEXIST) {
        ::close(fd);
        errno = err;
        return -1;
      }
    }
    ::close(fd);  // no /proc, or linkat refused: the portable way below
  }
  fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd >= 0 && ::flock(fd, LOCK_EX) != 0) {
    int err = errno;
    ::close(fd);
    ::unlink(path.c_str());
    errno = err;
    return -1;
  }
  return fd;
}

void fsync_directory(const std::filesystem::path& dir) {
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) fail("cannot open directory to fsync", dir.string(), errno);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) fail("cannot fsync directory", dir.string(), err);
}

}  // namespace

AtomicFile::AtomicFile(std::string final_path, AtomicFileOptions options)
    : final_path_(std::move(final_path)), options_(options) {
  std::filesystem::path final_fs(final_path_);
  if (final_fs.filename().empty()) {
    throw std::runtime_error("output path " + final_path_ + " names a directory, not a file");
  }
  struct stat st {};
  if (!options_.overwrite && ::lstat(final_path_.c_str(), &st) == 0) {
    throw std::runtime_error("output file " + final_path_ +
                             " already exists; set overwrite=true to replace it");
  }
  if (final_fs.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(final_fs.parent_path(), ec);
    if (ec) {
      throw std::runtime_error("cannot create directory " + final_fs.parent_path().string() + ": " +
                               ec.message());
    }
  }
  // A killed run's temporary files for this name go now, before they pile up.
  remove_stale_temp_files(temp_dir_for(final_fs, options_.temp_dir).string(), final_fs.filename().string());
  temp_path_ = temp_name_for(final_fs, options_.temp_dir);
  for (int attempt = 0; fd_ < 0; ++attempt) {
    fd_ = create_locked(temp_path_);
    // Same pid and counter as a dead run's leftover (pids repeat in containers): it is garbage.
    if (fd_ < 0 && errno == EEXIST && attempt == 0) {
      ::unlink(temp_path_.c_str());
      continue;
    }
    if (fd_ < 0) fail("cannot create", temp_path_, errno);
  }
}

AtomicFile::~AtomicFile() {
  if (!committed_) close_and_remove();
}

void AtomicFile::close_and_remove() noexcept {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  ::unlink(temp_path_.c_str());
}

void AtomicFile::write(const char* data, size_t size) {
  if (fd_ < 0) throw std::logic_error("write to " + final_path_ + " after commit");
  write_all(fd_, data, size, temp_path_);
}

void AtomicFile::commit() {
  if (committed_) return;
  if (options_.defer_rename) {
    // The host records the file in its journal before renaming it, so the
    // bytes must be on disk first.
    if (::fsync(fd_) != 0) fail("cannot fsync", temp_path_, errno);
    int closed = ::close(fd_);
    fd_ = -1;
    if (closed != 0) fail("cannot close", temp_path_, errno);
    options_.defer_rename(temp_path_, final_path_);
    committed_ = true;
    return;
  }
  if (options_.fsync && ::fsync(fd_) != 0) fail("cannot fsync", temp_path_, errno);
  int rc = ::close(fd_);
  fd_ = -1;
  if (rc != 0) fail("cannot close", temp_path_, errno);
  if (!options_.overwrite) {
    // A file that appeared under the final name while we wrote is not clobbered either.
    rc = ::renameat2(AT_FDCWD, temp_path_.c_str(), AT_FDCWD, final_path_.c_str(), RENAME_NOREPLACE);
    if (rc != 0 && errno == EEXIST) {
      throw std::runtime_error("output file " + final_path_ +
                               " appeared while writing; set overwrite=true to replace it");
    }
    // Filesystems without RENAME_NOREPLACE get a plain rename.
    if (rc != 0 && (errno == EINVAL || errno == ENOSYS))
      rc = ::rename(temp_path_.c_str(), final_path_.c_str());
  } else {
    rc = ::rename(temp_path_.c_str(), final_path_.c_str());
  }
  if (rc != 0) fail("cannot rename " + temp_path_ + " to", final_path_, errno);
  committed_ = true;
  if (options_.fsync) fsync_directory(std::filesystem::path(final_path_).parent_path());
}

size_t remove_stale_temp_files(const std::string& dir, const std::string& final_name) noexcept {
  std::string prefix = temp_prefix(final_name);
  int dir_fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) return 0;
  DIR* listing = ::fdopendir(dir_fd);
  if (listing == nullptr) {
    ::close(dir_fd);
    return 0;
  }
  size_t removed = 0;
  while (const dirent* entry = ::readdir(listing)) {
    std::string_view name(entry->d_name);
    if (name.size() <= prefix.size() || name.substr(0, prefix.size()) != prefix) continue;
    int fd = ::openat(dir_fd, entry->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) continue;
    struct stat held {}, named {};
    // A free lock means the writer is gone. The name must still be the file
    // locked: a writer may have replaced it since it was listed.
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0 && ::fstat(fd, &held) == 0 && S_ISREG(held.st_mode) &&
        ::fstatat(dir_fd, entry->d_name, &named, AT_SYMLINK_NOFOLLOW) == 0 && held.st_dev == named.st_dev &&
        held.st_ino == named.st_ino && ::unlinkat(dir_fd, entry->d_name, 0) == 0) {
      ++removed;
    }
    ::close(fd);
  }
  ::closedir(listing);
  return removed;
}

StdoutOutput::StdoutOutput(int fd) : fd_(fd) {
  if (fd_ < 0) throw std::runtime_error("this run has no standard output to write \"-\" to; name a file");
}

void StdoutOutput::write(const char* data, size_t size) { write_all(fd_, data, size, "standard output"); }

}  // namespace docpipe::output
