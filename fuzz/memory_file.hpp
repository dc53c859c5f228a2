// The fuzz input as a file: the WARC and JSONL readers take a path or a file
// descriptor, so the bytes go to an in-memory file (memfd) reused per run.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace docpipe::fuzz {

class MemoryFile {
 public:
  MemoryFile() : fd_(memfd_create("docpipe-fuzz", MFD_CLOEXEC)) {
    if (fd_ < 0) std::abort();
  }
  ~MemoryFile() { ::close(fd_); }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;

  //! Replaces the content and rewinds; the descriptor stays the same.
  void assign(const uint8_t* data, size_t size) {
    if (ftruncate(fd_, 0) != 0 || pwrite(fd_, data, size, 0) != static_cast<ssize_t>(size) ||
        lseek(fd_, 0, SEEK_SET) != 0)
      std::abort();
  }
  int fd() const { return fd_; }
  //! A path that opens the same file (a fresh descriptor, offset 0).
  std::string path() const { return "/proc/self/fd/" + std::to_string(fd_); }

 private:
  int fd_;
};

}  // namespace docpipe::fuzz
