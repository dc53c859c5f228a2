#include "record_io.hpp"

#include <stdexcept>

namespace docpipe::dedup {
namespace {

void store_le(char* p, uint64_t v, size_t n) {
  for (size_t i = 0; i < n; ++i) p[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

uint64_t load_le(const char* p, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i)
    v |= static_cast<uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  return v;
}

}  // namespace

RecordOut::RecordOut(const std::string& path, std::string_view magic)
    : path_(path), out_(path, std::ios::binary | std::ios::trunc) {
  if (!out_) throw std::runtime_error("cannot write " + path);
  out_.write(magic.data(), static_cast<std::streamsize>(magic.size()));
}

void RecordOut::put_u32(uint32_t v) {
  char b[4];
  store_le(b, v, 4);
  out_.write(b, 4);
}

void RecordOut::put_u64(uint64_t v) {
  char b[8];
  store_le(b, v, 8);
  out_.write(b, 8);
}

void RecordOut::put_string(std::string_view s) {
  put_u32(static_cast<uint32_t>(s.size()));
  out_.write(s.data(), static_cast<std::streamsize>(s.size()));
}

void RecordOut::flush() {
  out_.flush();
  if (!out_) throw std::runtime_error("write failed: " + path_);
}

RecordIn::RecordIn(const std::string& path, std::string_view magic)
    : path_(path), in_(path, std::ios::binary) {
  if (!in_) throw std::runtime_error("cannot read " + path);
  std::string head(magic.size(), '\0');
  if (!get_bytes(head.data(), head.size()) || head != magic) {
    throw std::runtime_error(path + ": not a " + std::string(magic.substr(0, 5)) + " file");
  }
}

bool RecordIn::get_bytes(char* data, size_t n) {
  in_.read(data, static_cast<std::streamsize>(n));
  return static_cast<size_t>(in_.gcount()) == n;
}

bool RecordIn::get_u32(uint32_t& v) {
  char b[4];
  if (!get_bytes(b, 4)) return false;
  v = static_cast<uint32_t>(load_le(b, 4));
  return true;
}

bool RecordIn::get_u64(uint64_t& v) {
  char b[8];
  if (!get_bytes(b, 8)) return false;
  v = load_le(b, 8);
  return true;
}

bool RecordIn::get_string(std::string& s, size_t max_size) {
  uint32_t n = 0;
  if (!get_u32(n)) return false;
  if (n > max_size)
    throw std::runtime_error(path_ + ": corrupt record (string of " + std::to_string(n) +
                             " bytes)");
  s.resize(n);
  return get_bytes(s.data(), n);
}

}  // namespace docpipe::dedup
