// A memfd-backed shared memory region that the host and one worker process
// both map. It only grows: whichever side needs more room enlarges the file
// and says the new size in its next message, and the other side remaps.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace docpipe::isolation {

//! What the worker publishes while it works, read by the host's watchdog.
struct RegionHeader {
  std::atomic<int32_t> stage{-1};            //!< index of the stage running, -1 between documents
  std::atomic<int64_t> stage_started_ns{0};  //!< CLOCK_MONOTONIC when that stage began
  std::atomic<uint32_t> alloc_failed{0};     //!< set when an allocation failed in the worker
  std::atomic<uint32_t> begun{0};            //!< set by the worker once it has taken the request
};
static_assert(std::atomic<int64_t>::is_always_lock_free, "shared atomics must be lock-free");

//! One mapping of the region; move-only.
class SharedRegion {
 public:
  SharedRegion() = default;
  //! Creates a new region of at least size bytes (host side); throws std::system_error.
  static SharedRegion create(size_t size);
  //! Maps an existing region from its descriptor (worker side); takes ownership of fd.
  static SharedRegion adopt(int fd, size_t size);
  SharedRegion(SharedRegion&& other) noexcept;
  SharedRegion& operator=(SharedRegion&& other) noexcept;
  SharedRegion(const SharedRegion&) = delete;
  SharedRegion& operator=(const SharedRegion&) = delete;
  ~SharedRegion();

  //! Makes room for payload bytes after the header, enlarging the file if needed.
  void reserve(size_t payload);
  //! Remaps after the other side enlarged the file to total_size bytes.
  void follow(size_t total_size);

  RegionHeader& header() const noexcept { return *static_cast<RegionHeader*>(base_); }
  char* payload() const noexcept { return static_cast<char*>(base_) + kHeaderSize; }
  size_t payload_capacity() const noexcept { return size_ - kHeaderSize; }
  size_t total_size() const noexcept { return size_; }
  int fd() const noexcept { return fd_; }

  static constexpr size_t kHeaderSize = 64;

 private:
  void map(size_t size);
  void unmap() noexcept;
  int fd_ = -1;
  void* base_ = nullptr;
  size_t size_ = 0;
};

}  // namespace docpipe::isolation
