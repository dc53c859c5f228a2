#include "doc_wire.hpp"

#include <cstring>
#include <string_view>

namespace docpipe::isolation {
namespace {

constexpr uint32_t kMagic = 0x64706463;  // "dpdc"

class Writer {
 public:
  explicit Writer(char* out) : p_(out) {}
  template <class T>
  void put(T v) {
    std::memcpy(p_, &v, sizeof v);
    p_ += sizeof v;
  }
  void bytes(std::string_view s) {
    put<uint64_t>(s.size());
    if (!s.empty()) std::memcpy(p_, s.data(), s.size());
    p_ += s.size();
  }

 private:
  char* p_;
};

class Reader {
 public:
  Reader(const char* data, size_t size) : p_(data), end_(data + size) {}
  template <class T>
  bool get(T& v) {
    if (static_cast<size_t>(end_ - p_) < sizeof v) return false;
    std::memcpy(&v, p_, sizeof v);
    p_ += sizeof v;
    return true;
  }
  bool bytes(std::string& s) {
    std::string_view v;
    if (!view(v)) return false;
    s.assign(v);
    return true;
  }
  bool view(std::string_view& v) {
    uint64_t n = 0;
    if (!get(n) || static_cast<uint64_t>(end_ - p_) < n) return false;
    v = std::string_view(p_, static_cast<size_t>(n));
    p_ += n;
    return true;
  }
  //! A count of items each at least min_item bytes long: bounded by what is left.
  bool count(uint32_t& n, size_t min_item) {
    return get(n) && static_cast<uint64_t>(n) * min_item <= static_cast<uint64_t>(end_ - p_);
  }
  bool at_end() const { return p_ == end_; }

 private:
  const char* p_;
  const char* end_;
};

constexpr size_t kStringHeader = sizeof(uint64_t);

}  // namespace

size_t encoded_size(const dp_document& d) noexcept {
  size_t n = sizeof(uint32_t) + 3 * sizeof(int64_t) + sizeof(int32_t);
  for (size_t f = 1; f < dp_document::kFieldCount; ++f)
    n += kStringHeader + d.get(static_cast<dp_field>(f)).size();
  n += sizeof(uint32_t);
  for (const auto& [k, v] : d.headers) n += 2 * kStringHeader + k.size() + v.size();
  n += sizeof(uint32_t);
  for (const auto& m : d.meta) n += 2 * kStringHeader + m.key.size() + m.value.size() + 1;
  n += sizeof(uint32_t) + d.blocks.size() * (2 * sizeof(uint32_t) + 2 * sizeof(uint64_t));
  n += sizeof(uint32_t);
  for (const auto& k : d.segment_kinds) n += kStringHeader + k.size();
  n += sizeof(uint32_t) + d.segments.size() * (sizeof(uint32_t) + 2 * sizeof(uint64_t));
  return n;
}

void encode_document(const dp_document& d, char* out) noexcept {
  Writer w(out);
  w.put(kMagic);
  w.put<int64_t>(d.fetch_time_ms);
  w.put<int64_t>(d.http_status);
  w.put<int64_t>(d.sequence);
  w.put<int32_t>(static_cast<int32_t>(d.status));
  for (size_t f = 1; f < dp_document::kFieldCount; ++f) w.bytes(d.get(static_cast<dp_field>(f)));
  w.put<uint32_t>(static_cast<uint32_t>(d.headers.size()));
  for (const auto& [k, v] : d.headers) {
    w.bytes(k);
    w.bytes(v);
  }
  w.put<uint32_t>(static_cast<uint32_t>(d.meta.size()));
  for (const auto& m : d.meta) {
    w.bytes(m.key);
    w.bytes(m.value);
    w.put<uint8_t>(m.is_json ? 1 : 0);
  }
  w.put<uint32_t>(static_cast<uint32_t>(d.blocks.size()));
  for (const auto& b : d.blocks) {
    w.put<uint32_t>(static_cast<uint32_t>(b.kind));
    w.put<uint32_t>(b.level);
    w.put<uint64_t>(b.begin);
    w.put<uint64_t>(b.end);
  }
  w.put<uint32_t>(static_cast<uint32_t>(d.segment_kinds.size()));
  for (const auto& k : d.segment_kinds) w.bytes(k);
  w.put<uint32_t>(static_cast<uint32_t>(d.segments.size()));
  for (const auto& s : d.segments) {
    w.put<uint32_t>(s.kind);
    w.put<uint64_t>(s.begin);
    w.put<uint64_t>(s.end);
  }
}

bool decode_document(const char* data, size_t size, dp_document& d, bool raw_in_place) {
  Reader r(data, size);
  uint32_t magic = 0;
  int32_t status = 0;
  if (!r.get(magic) || magic != kMagic) return false;
  if (!r.get(d.fetch_time_ms) || !r.get(d.http_status) || !r.get(d.sequence) || !r.get(status))
    return false;
  if (status < DP_OK || status > DP_PARTIAL) return false;
  d.status = static_cast<dp_status>(status);
  d.raw_view = {};
  for (size_t f = 1; f < dp_document::kFieldCount; ++f) {
    if (f == DP_FIELD_RAW && raw_in_place) {
      std::string_view raw;
      if (!r.view(raw)) return false;
      d.fields[f].clear();
      d.raw_view = raw.data() != nullptr ? raw : std::string_view("", 0);
      continue;
    }
    if (!r.bytes(d.fields[f])) return false;
  }
  uint32_t n = 0;
  if (!r.count(n, 2 * kStringHeader)) return false;
  d.headers.resize(n);
  for (auto& [k, v] : d.headers)
    if (!r.bytes(k) || !r.bytes(v)) return false;
  if (!r.count(n, 2 * kStringHeader + 1)) return false;
  d.meta.resize(n);
  // The key index of a reused document describes its previous keys.
  d.meta_index.clear();
  d.meta_indexed = 0;
  for (auto& m : d.meta) {
    uint8_t is_json = 0;
    if (!r.bytes(m.key) || !r.bytes(m.value) || !r.get(is_json)) return false;
    m.is_json = is_json != 0;
  }
  const std::string_view text = d.fields[DP_FIELD_TEXT];
  if (!r.count(n, 2 * sizeof(uint32_t) + 2 * sizeof(uint64_t))) return false;
  d.blocks.resize(n);
  for (auto& b : d.blocks) {
    uint32_t kind = 0;
    if (!r.get(kind) || !r.get(b.level) || !r.get(b.begin) || !r.get(b.end)) return false;
    if (kind < DP_BLOCK_HEADING || kind > DP_BLOCK_CODE || b.begin > b.end || b.end > text.size())
      return false;
    b.kind = static_cast<dp_block_kind>(kind);
  }
  if (!r.count(n, kStringHeader)) return false;
  d.segment_kinds.resize(n);
  for (auto& k : d.segment_kinds)
    if (!r.bytes(k)) return false;
  if (!r.count(n, sizeof(uint32_t) + 2 * sizeof(uint64_t))) return false;
  d.segments.resize(n);
  for (auto& s : d.segments) {
    if (!r.get(s.kind) || !r.get(s.begin) || !r.get(s.end)) return false;
    if (s.kind >= d.segment_kinds.size() || s.begin > s.end || s.end > text.size()) return false;
  }
  return r.at_end();
}

}  // namespace docpipe::isolation
