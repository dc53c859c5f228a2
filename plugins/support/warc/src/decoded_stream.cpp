#include "decoded_stream.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace docpipe::warc::detail {
namespace {

constexpr unsigned char kGzip0 = 0x1f, kGzip1 = 0x8b, kDeflateMethod = 0x08;

bool is_gzip_magic(const char* p) noexcept {
  return static_cast<unsigned char>(p[0]) == kGzip0 && static_cast<unsigned char>(p[1]) == kGzip1 &&
         static_cast<unsigned char>(p[2]) == kDeflateMethod;
}

std::string offset_text(uint64_t offset) { return std::to_string(offset); }

}  // namespace

DecodedStream::DecodedStream(int fd, uint64_t start_offset, size_t chunk_size)
    : fd_(fd), start_offset_(start_offset), chunk_size_(std::max<size_t>(chunk_size, 4096)) {
  input_.resize(chunk_size_);
  window_.resize(chunk_size_ * 2);
  in_offset_ = start_offset;
}

DecodedStream::~DecodedStream() {
  if (zs_ready_) inflateEnd(&zs_);
}

bool DecodedStream::read_input() {
  if (input_eof_) return false;
  if (in_begin_ > 0) {
    std::memmove(input_.data(), input_.data() + in_begin_, in_end_ - in_begin_);
    in_offset_ += in_begin_;
    in_end_ -= in_begin_;
    in_begin_ = 0;
  }
  if (in_end_ == input_.size()) input_.resize(input_.size() * 2);
  while (true) {
    ssize_t n = pread(fd_, input_.data() + in_end_, input_.size() - in_end_,
                      static_cast<off_t>(in_offset_ + in_end_));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::runtime_error(std::string("read error: ") + std::strerror(errno));
    if (n == 0) {
      input_eof_ = true;
      return false;
    }
    in_end_ += static_cast<size_t>(n);
    return true;
  }
}

void DecodedStream::restart_input_at(uint64_t offset) {
  in_offset_ = offset;
  in_begin_ = in_end_ = 0;
  input_eof_ = false;
}

void DecodedStream::make_room(size_t want) {
  if (window_.size() - end_ >= want) return;
  if (begin_ > 0) {
    std::memmove(window_.data(), window_.data() + begin_, end_ - begin_);
    base_ += begin_;
    end_ -= begin_;
    begin_ = 0;
  }
  if (window_.size() - end_ < want) window_.resize(end_ + want);
}

bool DecodedStream::ensure(size_t n) {
  while (available() < n) {
    if (!fill()) return false;
  }
  return true;
}

bool DecodedStream::fill() {
  if (mode_ == Mode::unknown) {
    while (in_end_ - in_begin_ < 3 && read_input()) {
    }
    bool gzip = in_end_ - in_begin_ >= 3 && is_gzip_magic(input_.data() + in_begin_);
    mode_ = gzip ? Mode::gzip : Mode::plain;
  }
  return mode_ == Mode::plain ? fill_plain() : fill_gzip();
}

bool DecodedStream::fill_plain() {
  if (in_end_ > in_begin_) {
    // Bytes read while detecting the format come first.
    size_t n = in_end_ - in_begin_;
    make_room(n);
    std::memcpy(window_.data() + end_, input_.data() + in_begin_, n);
    end_ += n;
    in_offset_ += in_end_;
    in_begin_ = in_end_ = 0;
    return true;
  }
  if (input_eof_) return false;
  make_room(chunk_size_);
  while (true) {
    ssize_t n = pread(fd_, window_.data() + end_, window_.size() - end_, static_cast<off_t>(in_offset_));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::runtime_error(std::string("read error: ") + std::strerror(errno));
    if (n == 0) {
      input_eof_ = true;
      return false;
    }
    end_ += static_cast<size_t>(n);
    in_offset_ += static_cast<uint64_t>(n);
    return true;
  }
}

void DecodedStream::fail_member(std::string message) {
  // A false gzip magic found while resynchronising decodes to nothing: not worth a record.
  if (!(recovering_ && member_output_ == 0)) {
    markers_.push_back({Marker::corrupt, base_ + end_, member_offset_, std::move(message)});
  }
  recovering_ = true;
  restart_input_at(member_offset_ + 1);
  state_ = State::scanning;
}

bool DecodedStream::fill_gzip() {
  size_t markers_before = markers_.size();
  auto progressed = [&] { return markers_.size() != markers_before; };
  while (true) {
    switch (state_) {
      case State::done:
        return progressed();

      case State::member_header: {
        while (in_end_ - in_begin_ < 3 && read_input()) {
        }
        size_t avail = in_end_ - in_begin_;
        if (avail == 0) {
          state_ = State::done;
          continue;
        }
        if (avail < 3 || !is_gzip_magic(input_.data() + in_begin_)) {
          markers_.push_back({Marker::corrupt, base_ + end_, file_position(),
                              "bytes at offset " + offset_text(file_position()) +
                                  " are not the start of a gzip member"});
          recovering_ = true;
          ++in_begin_;
          state_ = State::scanning;
          continue;
        }
        member_offset_ = file_position();
        member_output_ = 0;
        member_announced_ = false;
        int rc = zs_ready_ ? inflateReset2(&zs_, 16 + MAX_WBITS) : inflateInit2(&zs_, 16 + MAX_WBITS);
        if (rc != Z_OK) throw std::runtime_error("zlib cannot start inflating");
        zs_ready_ = true;
        state_ = State::in_member;
        continue;
      }

      case State::in_member: {
        if (in_begin_ == in_end_ && !read_input()) {
          if (!(recovering_ && member_output_ == 0)) {
            markers_.push_back({Marker::corrupt, base_ + end_, member_offset_,
                                "gzip member at offset " + offset_text(member_offset_) +
                                    " is truncated: the file ends inside it"});
          }
          state_ = State::done;
          continue;
        }
        make_room(std::max<size_t>(chunk_size_, 64 << 10));
        zs_.next_in = reinterpret_cast<Bytef*>(input_.data() + in_begin_);
        zs_.avail_in = static_cast<uInt>(std::min<size_t>(in_end_ - in_begin_, 1u << 30));
        zs_.next_out = reinterpret_cast<Bytef*>(window_.data() + end_);
        zs_.avail_out = static_cast<uInt>(std::min<size_t>(window_.size() - end_, 1u << 30));
        uInt in_before = zs_.avail_in, out_before = zs_.avail_out;
        int rc = inflate(&zs_, Z_NO_FLUSH);
        in_begin_ += in_before - zs_.avail_in;
        size_t produced = out_before - zs_.avail_out;
        if (produced > 0) {
          if (!member_announced_) {
            markers_.push_back({Marker::member_start, base_ + end_, member_offset_, {}});
            member_announced_ = true;
          }
          end_ += produced;
          member_output_ += produced;
        }
        if (rc == Z_STREAM_END) {
          recovering_ = false;
          state_ = State::member_header;
          if (produced > 0) return true;
          continue;
        }
        if (rc == Z_OK || rc == Z_BUF_ERROR) {
          if (produced > 0) return true;
          continue;
        }
        std::string why = zs_.msg != nullptr ? zs_.msg : "zlib error " + std::to_string(rc);
        fail_member("gzip member at offset " + offset_text(member_offset_) + " is corrupt: " + why);
        if (produced > 0 || progressed()) return true;
        continue;
      }

      case State::scanning: {
        const char* from = input_.data() + in_begin_;
        size_t avail = in_end_ - in_begin_;
        size_t found = avail;
        for (size_t i = 0; i + 3 <= avail; ++i) {
          const void* hit = std::memchr(from + i, static_cast<char>(kGzip0), avail - i);
          if (hit == nullptr) break;
          i = static_cast<size_t>(static_cast<const char*>(hit) - from);
          if (i + 3 <= avail && is_gzip_magic(from + i)) {
            found = i;
            break;
          }
        }
        if (found < avail) {
          in_begin_ += found;
          state_ = State::member_header;
          continue;
        }
        // Keep a possible magic cut by the buffer's end.
        if (avail > 2) in_begin_ = in_end_ - 2;
        if (!read_input()) {
          in_begin_ = in_end_;
          state_ = State::done;
        }
        continue;
      }
    }
  }
}

}  // namespace docpipe::warc::detail
