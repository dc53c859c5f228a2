#include "file_reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <new>

#include <docpipe_files/messages.hpp>

namespace docpipe::files {
namespace {

constexpr size_t input_chunk = 256 * 1024;
constexpr size_t first_output = 64 * 1024;

// Reads until the buffer is full or the file ends; -1 with errno on error.
long read_full(int fd, char* data, size_t size) {
  size_t done = 0;
  while (done < size) {
    ssize_t n = ::read(fd, data + done, size - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  return static_cast<long>(done);
}

class FdCloser {
 public:
  explicit FdCloser(int fd) noexcept : fd_(fd) {}
  ~FdCloser() { ::close(fd_); }
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;

 private:
  int fd_;
};

Encoding sniff(const unsigned char* magic, long size) {
  if (size >= 2 && magic[0] == 0x1f && magic[1] == 0x8b) return Encoding::gzip;
  if (size >= 4 && magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd)
    return Encoding::zstd;
  return Encoding::plain;
}

std::string read_error_text(int err) { return "read error: " + errno_text(err); }

}  // namespace

// zlib's stream, made once and reset per file.
class FileReader::Inflater {
 public:
  Inflater() {
    // 16 + MAX_WBITS: gzip wrapper only, so a raw zlib stream is reported as corrupt.
    if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) throw std::bad_alloc();
  }
  ~Inflater() { inflateEnd(&stream); }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
  z_stream stream{};
};

// zstd's decompression context, made once and reset per file.
class FileReader::ZstdDecoder {
 public:
  ZstdDecoder() : context(ZSTD_createDCtx()) {
    if (context == nullptr) throw std::bad_alloc();
  }
  ~ZstdDecoder() { ZSTD_freeDCtx(context); }
  ZstdDecoder(const ZstdDecoder&) = delete;
  ZstdDecoder& operator=(const ZstdDecoder&) = delete;
  ZSTD_DCtx* context;
};

FileReader::FileReader(uint64_t max_size, bool decompress)
    : max_size_(max_size), decompress_(decompress), input_(input_chunk) {}

FileReader::~FileReader() = default;

ReadOutcome FileReader::read(const std::string& path, std::string& out) {
  out.clear();
  ReadOutcome outcome;
  // O_NONBLOCK: opening a fifo that slipped past the walk must not wait for a writer.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) {
    int err = errno;
    outcome.error = err == EACCES ? "permission denied reading file" : errno_text(err);
    return outcome;
  }
  FdCloser closer(fd);
  struct stat st {};
  if (fstat(fd, &st) != 0) {
    outcome.error = errno_text(errno);
    return outcome;
  }
  if (!S_ISREG(st.st_mode)) {
    outcome.error = non_regular_text(st.st_mode);
    return outcome;
  }
  outcome.mtime_ms = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
  outcome.stored_size = static_cast<uint64_t>(st.st_size);

  if (decompress_) {
    unsigned char magic[4];
    ssize_t n;
    do {
      n = ::pread(fd, magic, sizeof magic, 0);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
      outcome.error = read_error_text(errno);
      return outcome;
    }
    outcome.encoding = sniff(magic, n);
  }
  switch (outcome.encoding) {
    case Encoding::plain:
      read_plain(fd, out, outcome);
      break;
    case Encoding::gzip:
      read_gzip(fd, out, outcome);
      break;
    case Encoding::zstd:
      read_zstd(fd, out, outcome);
      break;
  }
  if (!outcome.error.empty()) out.clear();
  return outcome;
}

long FileReader::fill_input(int fd, ReadOutcome& outcome) {
  long n = read_full(fd, input_.data(), input_.size());
  if (n > 0) outcome.bytes_read += static_cast<uint64_t>(n);
  return n;
}

bool FileReader::grow_output(std::string& out, size_t used) const {
  // One byte past the cap is how "more than max_size" is detected.
  uint64_t cap = max_size_ + 1;
  if (used < out.size()) return true;
  if (out.size() >= cap) return false;
  uint64_t wanted = std::max<uint64_t>(first_output, static_cast<uint64_t>(out.size()) * 2);
  out.resize(static_cast<size_t>(std::min(wanted, cap)));
  return true;
}

std::string FileReader::too_big_after_decompression(const char* format,
                                                    const ReadOutcome& outcome) const {
  return std::string(format) + " file decompresses to more than max_size " +
         format_size(max_size_) + " (stopped there; " + format_size(outcome.stored_size) +
         " compressed)";
}

void FileReader::read_plain(int fd, std::string& out, ReadOutcome& outcome) {
  if (outcome.stored_size > max_size_) {
    outcome.error = "file is " + format_size(outcome.stored_size) + ", above max_size " +
                    format_size(max_size_);
    return;
  }
  out.resize(static_cast<size_t>(outcome.stored_size));
  long n = read_full(fd, out.data(), out.size());
  if (n < 0) {
    outcome.error = read_error_text(errno);
    return;
  }
  outcome.bytes_read = static_cast<uint64_t>(n);
  out.resize(static_cast<size_t>(n));
  // The file may have grown since fstat(); the cap still holds.
  while (true) {
    long more = fill_input(fd, outcome);
    if (more < 0) {
      outcome.error = read_error_text(errno);
      return;
    }
    if (more == 0) return;
    if (out.size() + static_cast<uint64_t>(more) > max_size_) {
      outcome.error = "file grew while read to more than max_size " + format_size(max_size_);
      return;
    }
    out.append(input_.data(), static_cast<size_t>(more));
  }
}

void FileReader::read_gzip(int fd, std::string& out, ReadOutcome& outcome) {
  if (!inflater_) inflater_ = std::make_unique<Inflater>();
  z_stream& z = inflater_->stream;
  inflateReset(&z);
  z.next_in = nullptr;
  z.avail_in = 0;
  size_t used = 0;
  bool at_eof = false;
  bool output_full = false;
  bool member_done = false;
  while (true) {
    if (z.avail_in == 0 && !at_eof) {
      long n = fill_input(fd, outcome);
      if (n < 0) {
        outcome.error = read_error_text(errno);
        return;
      }
      at_eof = n == 0;
      z.next_in = reinterpret_cast<Bytef*>(input_.data());
      z.avail_in = static_cast<uInt>(n);
    }
    if (member_done) {
      if (z.avail_in == 0 && at_eof) break;
      // Concatenated members are one stream, as gzip -d reads them.
      inflateReset(&z);
      member_done = false;
    }
    if (at_eof && z.avail_in == 0 && !output_full) {
      outcome.error = "corrupt gzip data: unexpected end of file (truncated)";
      return;
    }
    if (!grow_output(out, used)) {
      outcome.error = too_big_after_decompression("gzip", outcome);
      return;
    }
    z.next_out = reinterpret_cast<Bytef*>(out.data() + used);
    z.avail_out = static_cast<uInt>(std::min<size_t>(out.size() - used, 1u << 30));
    uInt offered = z.avail_out;
    int rc = inflate(&z, Z_NO_FLUSH);
    used += offered - z.avail_out;
    output_full = z.avail_out == 0;
    if (rc == Z_STREAM_END) {
      member_done = true;
    } else if (rc == Z_BUF_ERROR && at_eof && z.avail_in == 0) {
      outcome.error = "corrupt gzip data: unexpected end of file (truncated)";
      return;
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      outcome.error = rc == Z_MEM_ERROR ? std::string("out of memory decompressing gzip data")
                                        : std::string("corrupt gzip data: ") +
                                              (z.msg != nullptr ? z.msg : "invalid stream");
      return;
    }
  }
  // The output may hold max_size + 1 bytes when the stream ends right there.
  if (used > max_size_) {
    outcome.error = too_big_after_decompression("gzip", outcome);
    return;
  }
  out.resize(used);
}

void FileReader::read_zstd(int fd, std::string& out, ReadOutcome& outcome) {
  if (!zstd_) zstd_ = std::make_unique<ZstdDecoder>();
  ZSTD_DCtx* context = zstd_->context;
  ZSTD_DCtx_reset(context, ZSTD_reset_session_only);
  ZSTD_inBuffer in{input_.data(), 0, 0};
  size_t used = 0;
  size_t frame_state = 1;  // 0 once a frame is complete and flushed
  bool at_eof = false;
  bool output_full = false;
  while (true) {
    if (in.pos == in.size && !at_eof) {
      long n = fill_input(fd, outcome);
      if (n < 0) {
        outcome.error = read_error_text(errno);
        return;
      }
      at_eof = n == 0;
      in = ZSTD_inBuffer{input_.data(), static_cast<size_t>(n), 0};
    }
    // A finished frame with no input left is the end: calling zstd again
    // would start looking for a next frame and report one as pending.
    if (at_eof && in.pos == in.size && (frame_state == 0 || !output_full)) break;
    if (!grow_output(out, used)) {
      outcome.error = too_big_after_decompression("zstd", outcome);
      return;
    }
    ZSTD_outBuffer output{out.data(), out.size(), used};
    frame_state = ZSTD_decompressStream(context, &output, &in);
    if (ZSTD_isError(frame_state)) {
      outcome.error = std::string("corrupt zstd data: ") + ZSTD_getErrorName(frame_state);
      return;
    }
    used = output.pos;
    output_full = output.pos == output.size;
  }
  if (frame_state != 0) {
    outcome.error = "corrupt zstd data: unexpected end of file (truncated)";
    return;
  }
  if (used > max_size_) {
    outcome.error = too_big_after_decompression("zstd", outcome);
    return;
  }
  out.resize(used);
}

}  // namespace docpipe::files
