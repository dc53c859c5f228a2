#include "inflate.hpp"

#include <zlib.h>

#include <algorithm>
#include <stdexcept>

namespace docpipe::warc::detail {
namespace {

struct InflateStream {
  z_stream zs{};
  bool ready = false;
  ~InflateStream() {
    if (ready) inflateEnd(&zs);
  }
};

struct DeflateStream {
  z_stream zs{};
  bool ready = false;
  ~DeflateStream() {
    if (ready) deflateEnd(&zs);
  }
};

}  // namespace

bool inflate_all(std::string_view data, Wrapper wrapper, uint64_t max_size, std::string& out,
                 std::string& error) {
  out.clear();
  InflateStream s;
  if (inflateInit2(&s.zs, static_cast<int>(wrapper)) != Z_OK) {
    error = "zlib cannot start inflating";
    return false;
  }
  s.ready = true;
  s.zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  s.zs.avail_in = static_cast<uInt>(std::min<size_t>(data.size(), 1u << 31));
  size_t used = 0;
  while (true) {
    if (used == out.size()) {
      if (out.size() > max_size) {
        error = "decoded body larger than " + std::to_string(max_size) + " bytes";
        return false;
      }
      size_t grow = std::max<size_t>(out.size(), std::max<size_t>(data.size() * 2, 16 << 10));
      out.resize(static_cast<size_t>(std::min<uint64_t>(out.size() + grow, max_size + 1)));
    }
    s.zs.next_out = reinterpret_cast<Bytef*>(out.data() + used);
    s.zs.avail_out = static_cast<uInt>(std::min<size_t>(out.size() - used, 1u << 30));
    uInt before = s.zs.avail_out;
    int rc = inflate(&s.zs, Z_NO_FLUSH);
    used += before - s.zs.avail_out;
    if (used > max_size) {
      error = "decoded body larger than " + std::to_string(max_size) + " bytes";
      return false;
    }
    if (rc == Z_STREAM_END) {
      // Another gzip member may follow (concatenated gzip).
      if (wrapper == Wrapper::gzip && s.zs.avail_in >= 2 && s.zs.next_in[0] == 0x1f &&
          s.zs.next_in[1] == 0x8b && inflateReset(&s.zs) == Z_OK) {
        continue;
      }
      break;
    }
    if (rc == Z_OK) continue;
    if (rc == Z_BUF_ERROR && s.zs.avail_in == 0) {
      error = "compressed body is truncated";
      return false;
    }
    if (rc == Z_BUF_ERROR) continue;
    error = std::string("compressed body is corrupt: ") + (s.zs.msg != nullptr ? s.zs.msg : "zlib error");
    return false;
  }
  out.resize(used);
  return true;
}

void gzip_member(std::string_view data, std::string& out) {
  DeflateStream s;
  if (deflateInit2(&s.zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + 15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("zlib cannot start deflating");
  }
  s.ready = true;
  size_t start = out.size();
  uLong bound = deflateBound(&s.zs, static_cast<uLong>(data.size()));
  out.resize(start + bound);
  s.zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  s.zs.avail_in = static_cast<uInt>(data.size());
  s.zs.next_out = reinterpret_cast<Bytef*>(out.data() + start);
  s.zs.avail_out = static_cast<uInt>(bound);
  int rc = deflate(&s.zs, Z_FINISH);
  if (rc != Z_STREAM_END) throw std::runtime_error("zlib could not finish a gzip member");
  out.resize(start + (bound - s.zs.avail_out));
}

}  // namespace docpipe::warc::detail
