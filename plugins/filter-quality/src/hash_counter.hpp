// Counts 64-bit hashes in an open-addressing table that is reused from document to document
// (the repetition rules build nine of these per document, so node-based maps cost too much).
#pragma once

#include <cstdint>
#include <vector>

namespace docpipe::filter_quality {

class HashCounter {
 public:
  //! Empties the table and sizes it for up to `expected` distinct keys.
  void reset(size_t expected) {
    size_t cap = 16;
    while (cap < expected * 2) cap <<= 1;
    keys_.assign(cap, 0);
    counts_.assign(cap, 0);
    mask_ = cap - 1;
  }
  //! Adds one occurrence and returns the key's count so far, this one included.
  uint32_t add(uint64_t key) {
    if (key == 0) key = 1;  // 0 marks an empty slot
    size_t i = static_cast<size_t>(key) & mask_;
    while (keys_[i] != 0 && keys_[i] != key) i = (i + 1) & mask_;
    keys_[i] = key;
    return ++counts_[i];
  }

 private:
  std::vector<uint64_t> keys_;
  std::vector<uint32_t> counts_;
  size_t mask_ = 0;
};

}  // namespace docpipe::filter_quality
