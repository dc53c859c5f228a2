#include "line_reader.hpp"

#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace docpipe::fetch_jsonl {

// Turns raw bytes from the descriptor into decoded bytes; the format is
// decided from the first bytes.
class LineReader::Decoder {
 public:
  enum class Format { unknown, plain, gzip, zstd };

  explicit Decoder(size_t chunk) : input_(chunk) {}
  ~Decoder() {
    if (zs_ready_) inflateEnd(&zs_);
    if (zstd_ != nullptr) ZSTD_freeDStream(zstd_);
  }
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;

  Format format = Format::unknown;
  uint64_t bytes_read = 0;  // from the descriptor, before decompression

  // Appends to out; 1 when bytes were added, 0 at the end, -1 on error.
  int decode(int fd, std::string& out, size_t want, std::string& error) {
    while (true) {
      if (in_begin_ == in_end_ && !input_eof_) {
        if (!read_more(fd, error)) return -1;
      }
      if (format == Format::unknown) {
        if (in_end_ - in_begin_ < 4 && !input_eof_) {
          if (!read_more(fd, error)) return -1;
          continue;
        }
        detect();
      }
      if (in_begin_ == in_end_ && input_eof_) {
        if (format == Format::gzip && in_member_) return fail(error, "gzip stream is truncated");
        if (format == Format::zstd && zstd_pending_) return fail(error, "zstd stream is truncated");
        return 0;
      }
      size_t before = out.size();
      int rc = format == Format::plain ? copy(out) : format == Format::gzip ? inflate_some(out, want, error)
                                                                           : zstd_some(out, want, error);
      if (rc < 0) return -1;
      if (out.size() > before) return 1;
    }
  }

 private:
  static int fail(std::string& error, const char* why) {
    error = why;
    return -1;
  }

  bool read_more(int fd, std::string& error) {
    if (in_begin_ > 0) {
      std::memmove(input_.data(), input_.data() + in_begin_, in_end_ - in_begin_);
      in_end_ -= in_begin_;
      in_begin_ = 0;
    }
    while (true) {
      ssize_t n = ::read(fd, input_.data() + in_end_, input_.size() - in_end_);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        error = std::string("read error: ") + std::strerror(errno);
        return false;
      }
      if (n == 0) input_eof_ = true;
      in_end_ += static_cast<size_t>(n);
      bytes_read += static_cast<uint64_t>(n);
      return true;
    }
  }

  void detect() {
    const auto* p = reinterpret_cast<const unsigned char*>(input_.data() + in_begin_);
    size_t n = in_end_ - in_begin_;
    if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b) {
      format = Format::gzip;
    } else if (n >= 4 && p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f && p[3] == 0xfd) {
      format = Format::zstd;
    } else {
      format = Format::plain;
    }
  }

  int copy(std::string& out) {
    out.append(input_.data() + in_begin_, in_end_ - in_begin_);
    in_begin_ = in_end_;
    return 1;
  }

  int inflate_some(std::string& out, size_t want, std::string& error) {
    if (!in_member_) {
      int rc = zs_ready_ ? inflateReset2(&zs_, 16 + MAX_WBITS) : inflateInit2(&zs_, 16 + MAX_WBITS);
      if (rc != Z_OK) return fail(error, "zlib cannot start inflating");
      zs_ready_ = true;
      in_member_ = true;
    }
    size_t start = out.size();
    out.resize(start + want);
    zs_.next_in = reinterpret_cast<Bytef*>(input_.data() + in_begin_);
    zs_.avail_in = static_cast<uInt>(in_end_ - in_begin_);
    zs_.next_out = reinterpret_cast<Bytef*>(out.data() + start);
    zs_.avail_out = static_cast<uInt>(want);
    int rc = inflate(&zs_, Z_NO_FLUSH);
    in_begin_ = in_end_ - zs_.avail_in;
    out.resize(start + (want - zs_.avail_out));
    if (rc == Z_STREAM_END) {
      in_member_ = false;  // concatenated members are read as one stream, like zcat
      return 1;
    }
    if (rc == Z_OK || rc == Z_BUF_ERROR) return 1;
    error = std::string("corrupt gzip data: ") + (zs_.msg != nullptr ? zs_.msg : "zlib error");
    return -1;
  }

  int zstd_some(std::string& out, size_t want, std::string& error) {
    if (zstd_ == nullptr) {
      zstd_ = ZSTD_createDStream();
      if (zstd_ == nullptr) return fail(error, "zstd cannot start decompressing");
    }
    size_t start = out.size();
    out.resize(start + want);
    ZSTD_inBuffer in{input_.data() + in_begin_, in_end_ - in_begin_, 0};
    ZSTD_outBuffer o{out.data() + start, want, 0};
    size_t rc = ZSTD_decompressStream(zstd_, &o, &in);
    in_begin_ += in.pos;
    out.resize(start + o.pos);
    if (ZSTD_isError(rc)) {
      error = std::string("corrupt zstd data: ") + ZSTD_getErrorName(rc);
      return -1;
    }
    zstd_pending_ = rc != 0;
    return 1;
  }

  std::vector<char> input_;
  size_t in_begin_ = 0, in_end_ = 0;
  bool input_eof_ = false;
  z_stream zs_{};
  bool zs_ready_ = false;
  bool in_member_ = false;
  ZSTD_DStream* zstd_ = nullptr;
  bool zstd_pending_ = false;
};

LineReader::LineReader(int fd, uint64_t max_line_size, size_t chunk_size)
    : fd_(fd),
      max_line_size_(max_line_size),
      chunk_size_(std::max<size_t>(chunk_size, 4096)),
      decoder_(std::make_unique<Decoder>(chunk_size_)) {}

LineReader::~LineReader() = default;

uint64_t LineReader::bytes_read() const noexcept { return decoder_->bytes_read; }

const char* LineReader::format() const noexcept {
  switch (decoder_->format) {
    case Decoder::Format::gzip:
      return "gzip";
    case Decoder::Format::zstd:
      return "zstd";
    default:
      return "plain";
  }
}

bool LineReader::fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    buffer_.erase(0, begin_);
    begin_ = 0;
  }
  int rc = decoder_->decode(fd_, buffer_, chunk_size_, message_);
  if (rc <= 0) eof_ = true;
  return rc > 0;
}

LineStatus LineReader::next(std::string_view& line) {
  size_t scanned = begin_;
  while (true) {
    size_t nl = buffer_.find('\n', scanned);
    if (nl != std::string::npos) {
      std::string_view text(buffer_.data() + begin_, nl - begin_);
      begin_ = nl + 1;
      if (skipping_) {
        skipping_ = false;  // the end of the over-long line
        scanned = begin_;
        continue;
      }
      ++line_number_;
      if (text.size() > max_line_size_) return LineStatus::too_long;
      if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
      line = text;
      return LineStatus::line;
    }
    if (buffer_.size() - begin_ > max_line_size_ + 1) {
      // Drop the over-long line's bytes as they come: memory stays bounded.
      bool first = !skipping_;
      buffer_.clear();
      begin_ = 0;
      scanned = 0;
      if (first) {
        skipping_ = true;
        ++line_number_;
        return LineStatus::too_long;
      }
    } else {
      scanned = buffer_.size();
    }
    size_t scanned_from_begin = scanned - begin_;
    if (!fill()) {
      if (!message_.empty()) return LineStatus::error;
      if (begin_ < buffer_.size() && !skipping_) {
        // A last line without a newline.
        ++line_number_;
        line = std::string_view(buffer_.data() + begin_, buffer_.size() - begin_);
        begin_ = buffer_.size();
        if (line.size() > max_line_size_) return LineStatus::too_long;
        return LineStatus::line;
      }
      return LineStatus::end;
    }
    scanned = begin_ + scanned_from_begin;
  }
}

}  // namespace docpipe::fetch_jsonl
