#include <docpipe_output/encoder.hpp>

#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

namespace docpipe::output {
namespace {

class PlainEncoder final : public Encoder {
 public:
  explicit PlainEncoder(std::unique_ptr<ByteOutput> output) : output_(std::move(output)) {}
  void write(std::string_view data) override { output_->write(data.data(), data.size()); }
  void finish() override { output_->commit(); }

 private:
  std::unique_ptr<ByteOutput> output_;
};

constexpr size_t gzip_buffer_size = 256 * 1024;

class GzipEncoder final : public Encoder {
 public:
  GzipEncoder(std::optional<int> level, std::unique_ptr<ByteOutput> output)
      : output_(std::move(output)), buffer_(gzip_buffer_size) {
    // 16 + MAX_WBITS: a gzip wrapper, so zcat and gzip -d read the file.
    int rc = deflateInit2(&stream_, level.value_or(Z_DEFAULT_COMPRESSION), Z_DEFLATED,
                          16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    if (rc == Z_MEM_ERROR) throw std::bad_alloc();
    if (rc != Z_OK) throw std::invalid_argument("cannot start gzip compression");
    reset_output();
  }
  ~GzipEncoder() override { deflateEnd(&stream_); }
  GzipEncoder(const GzipEncoder&) = delete;
  GzipEncoder& operator=(const GzipEncoder&) = delete;

  void write(std::string_view data) override {
    while (!data.empty()) {
      size_t piece = std::min<size_t>(data.size(), 1u << 30);  // avail_in is 32 bits
      stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
      stream_.avail_in = static_cast<uInt>(piece);
      while (stream_.avail_in > 0) deflate_step(Z_NO_FLUSH);
      data.remove_prefix(piece);
    }
  }

  void finish() override {
    stream_.next_in = nullptr;
    stream_.avail_in = 0;
    while (deflate_step(Z_FINISH) != Z_STREAM_END) {
    }
    flush_output();
    output_->commit();
  }

 private:
  int deflate_step(int flush) {
    int rc = deflate(&stream_, flush);
    if (rc == Z_STREAM_ERROR) throw std::runtime_error("gzip compression failed");
    if (stream_.avail_out == 0) flush_output();
    return rc;
  }
  void flush_output() {
    size_t used = buffer_.size() - stream_.avail_out;
    if (used > 0) output_->write(buffer_.data(), used);
    reset_output();
  }
  void reset_output() {
    stream_.next_out = reinterpret_cast<Bytef*>(buffer_.data());
    stream_.avail_out = static_cast<uInt>(buffer_.size());
  }

  std::unique_ptr<ByteOutput> output_;
  std::vector<char> buffer_;
  z_stream stream_{};
};

class ZstdEncoder final : public Encoder {
 public:
  ZstdEncoder(std::optional<int> level, std::unique_ptr<ByteOutput> output)
      : output_(std::move(output)),
        context_(ZSTD_createCCtx(), &ZSTD_freeCCtx),
        buffer_(ZSTD_CStreamOutSize()) {
    if (!context_) throw std::bad_alloc();
    check(ZSTD_CCtx_setParameter(context_.get(), ZSTD_c_compressionLevel,
                                 level.value_or(default_zstd_level)));
    check(ZSTD_CCtx_setParameter(context_.get(), ZSTD_c_checksumFlag, 1));
  }

  void write(std::string_view data) override {
    ZSTD_inBuffer in{data.data(), data.size(), 0};
    while (in.pos < in.size) step(in, ZSTD_e_continue);
  }

  void finish() override {
    ZSTD_inBuffer in{nullptr, 0, 0};
    while (step(in, ZSTD_e_end) != 0) {
    }
    flush_output();
    output_->commit();
  }

 private:
  // Compresses some input; writes the output buffer only once it is full.
  size_t step(ZSTD_inBuffer& in, ZSTD_EndDirective mode) {
    ZSTD_outBuffer out{buffer_.data(), buffer_.size(), used_};
    size_t remaining = check(ZSTD_compressStream2(context_.get(), &out, &in, mode));
    used_ = out.pos;
    if (used_ == buffer_.size()) flush_output();
    return remaining;
  }
  void flush_output() {
    if (used_ > 0) output_->write(buffer_.data(), used_);
    used_ = 0;
  }
  static size_t check(size_t code) {
    if (ZSTD_isError(code)) {
      throw std::runtime_error(std::string("zstd compression failed: ") + ZSTD_getErrorName(code));
    }
    return code;
  }

  std::unique_ptr<ByteOutput> output_;
  std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> context_;
  std::vector<char> buffer_;
  size_t used_ = 0;
};

}  // namespace

std::unique_ptr<Encoder> make_encoder(Compression compression, std::optional<int> level,
                                      std::unique_ptr<ByteOutput> output) {
  check_level(compression, level);
  switch (compression) {
    case Compression::gzip:
      return std::make_unique<GzipEncoder>(level, std::move(output));
    case Compression::zstd:
      return std::make_unique<ZstdEncoder>(level, std::move(output));
    case Compression::none:
      break;
  }
  return std::make_unique<PlainEncoder>(std::move(output));
}

}  // namespace docpipe::output
