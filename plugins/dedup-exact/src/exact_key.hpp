// The key dedup.exact compares: a 128-bit hash of the normalised text, and the set of keys seen
// in a run, shared by all worker threads.
#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "text/normalize.hpp"

namespace docpipe::dedup {

struct ExactKey {
  uint64_t hi = 0;
  uint64_t lo = 0;
  bool operator==(const ExactKey&) const = default;
};

//! The key of a text after normalisation; nullopt when nothing is left (such documents are never
//! duplicates of each other). `scratch` is reused between calls.
std::optional<ExactKey> exact_key(std::string_view text, const curation::NormalizeOptions& options,
                                  std::string& scratch);

//! Keys seen so far with the id of the document that brought each, safe to use from many threads
//! (16 independently locked shards, so workers rarely wait for each other).
class SeenKeys {
 public:
  //! Records the key for id; returns the id already holding it when there is one.
  std::optional<std::string> insert(const ExactKey& key, std::string_view id);

 private:
  struct KeyHash {
    size_t operator()(const ExactKey& k) const { return static_cast<size_t>(k.lo); }
  };
  struct Shard {
    std::mutex mutex;
    std::unordered_map<ExactKey, std::string, KeyHash> keys;
  };
  std::array<Shard, 16> shards_;
};

}  // namespace docpipe::dedup
