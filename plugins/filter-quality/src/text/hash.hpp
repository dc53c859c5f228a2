// A fast 64-bit hash of byte strings and of hash sequences (n-grams). Not cryptographic: used for
// duplicate counting, seen-sets and MinHash, where a collision costs one wrong match in 2^64.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace docpipe::curation {

//! Final avalanche of a 64-bit value (the splitmix64 finaliser constants).
constexpr uint64_t mix64(uint64_t x) noexcept {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

//! Hash of bytes, 8 at a time; the length is folded in so "a" and "a\0" differ.
inline uint64_t hash_bytes(std::string_view s, uint64_t seed = 0) noexcept {
  uint64_t h = seed ^ (s.size() * 0x9e3779b97f4a7c15ULL);
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ mix64(w)) * 0x9e3779b97f4a7c15ULL;
  }
  uint64_t tail = 0;
  if (i < s.size()) std::memcpy(&tail, s.data() + i, s.size() - i);
  return mix64(h ^ mix64(tail + 1));
}

//! Order-dependent combination: the hash of a sequence of hashes.
constexpr uint64_t hash_combine(uint64_t h, uint64_t next) noexcept {
  return mix64(h * 0x9e3779b97f4a7c15ULL + next);
}

}  // namespace docpipe::curation
