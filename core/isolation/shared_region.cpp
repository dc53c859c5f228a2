#include "shared_region.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <new>
#include <system_error>
#include <utility>

namespace docpipe::isolation {
namespace {

[[noreturn]] void fail(const char* what) {
  throw std::system_error(errno, std::generic_category(), what);
}

size_t round_up(size_t n) {
  constexpr size_t kStep = size_t{1} << 20;  // grow in MiB steps, at least doubling
  return (n + kStep - 1) / kStep * kStep;
}

}  // namespace

SharedRegion SharedRegion::create(size_t size) {
  SharedRegion r;
  r.fd_ = memfd_create("docpipe-worker", MFD_CLOEXEC);
  if (r.fd_ < 0) fail("memfd_create");
  size_t total = round_up(size + kHeaderSize);
  if (ftruncate(r.fd_, static_cast<off_t>(total)) != 0) fail("ftruncate of the shared region");
  r.map(total);
  new (r.base_) RegionHeader();
  return r;
}

SharedRegion SharedRegion::adopt(int fd, size_t size) {
  SharedRegion r;
  r.fd_ = fd;
  r.map(size);
  return r;
}

SharedRegion::SharedRegion(SharedRegion&& o) noexcept
    : fd_(std::exchange(o.fd_, -1)),
      base_(std::exchange(o.base_, nullptr)),
      size_(std::exchange(o.size_, 0)) {}

SharedRegion& SharedRegion::operator=(SharedRegion&& o) noexcept {
  if (this != &o) {
    unmap();
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(o.fd_, -1);
    base_ = std::exchange(o.base_, nullptr);
    size_ = std::exchange(o.size_, 0);
  }
  return *this;
}

SharedRegion::~SharedRegion() {
  unmap();
  if (fd_ >= 0) ::close(fd_);
}

void SharedRegion::map(size_t size) {
  void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, 0);
  if (p == MAP_FAILED) fail("mmap of the shared region");
  base_ = p;
  size_ = size;
}

void SharedRegion::unmap() noexcept {
  if (base_ != nullptr) munmap(base_, size_);
  base_ = nullptr;
  size_ = 0;
}

void SharedRegion::reserve(size_t payload) {
  if (payload <= payload_capacity()) return;
  size_t total = round_up(std::max(payload + kHeaderSize, 2 * size_));
  if (ftruncate(fd_, static_cast<off_t>(total)) != 0) fail("ftruncate of the shared region");
  follow(total);
}

void SharedRegion::follow(size_t total_size) {
  if (total_size == size_) return;
  void* p = mremap(base_, size_, total_size, MREMAP_MAYMOVE);
  if (p == MAP_FAILED) fail("mremap of the shared region");
  base_ = p;
  size_ = total_size;
}

}  // namespace docpipe::isolation
