// Building WARC bytes by hand for the reader's tests, independent of the writer.
#pragma once

#include <zlib.h>

#include <stdexcept>
#include <string>
#include <string_view>

namespace docpipe::warc::test {

//! A record as a writer would put it in a plain file.
inline std::string warc_record(std::string_view version, std::string_view type, std::string_view uri,
                               std::string_view block, std::string_view extra = "") {
  std::string r;
  r += version;
  r += "\r\nWARC-Type: ";
  r += type;
  r += "\r\nWARC-Record-ID: <urn:uuid:" + std::string(uri.size() % 10, '1') + "-" +
       std::to_string(block.size()) + ">\r\n";
  if (!uri.empty()) r += "WARC-Target-URI: " + std::string(uri) + "\r\n";
  r += "WARC-Date: 2024-05-01T12:00:00Z\r\n";
  r += extra;
  r += "Content-Length: " + std::to_string(block.size()) + "\r\n\r\n";
  r += block;
  r += "\r\n\r\n";
  return r;
}

//! An HTTP response block.
inline std::string http_block(int status, std::string_view content_type, std::string_view body,
                              std::string_view extra = "") {
  std::string b = "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: " +
                  std::string(content_type) + "\r\n" + std::string(extra) + "\r\n";
  b += body;
  return b;
}

//! One gzip member of data.
inline std::string gzip(std::string_view data) {
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, 16 + 15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2");
  }
  std::string out(deflateBound(&zs, data.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  if (deflate(&zs, Z_FINISH) != Z_STREAM_END) throw std::runtime_error("deflate");
  out.resize(out.size() - zs.avail_out);
  deflateEnd(&zs);
  return out;
}

//! zlib-wrapped (windowBits 15) or raw (-15) deflate of data.
inline std::string deflate_data(std::string_view data, int window_bits) {
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2");
  }
  std::string out(deflateBound(&zs, data.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  if (deflate(&zs, Z_FINISH) != Z_STREAM_END) throw std::runtime_error("deflate");
  out.resize(out.size() - zs.avail_out);
  deflateEnd(&zs);
  return out;
}

}  // namespace docpipe::warc::test
