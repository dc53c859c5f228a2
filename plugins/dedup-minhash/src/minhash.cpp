#include "minhash.hpp"

#include <algorithm>
#include <limits>

#include "text/hash.hpp"

namespace docpipe::dedup {

MinHasher::MinHasher(const MinHashConfig& config) : config_(config) {
  size_t k = config_.bands * config_.rows;
  uint64_t state = curation::mix64(config_.seed + 0x51ed270b27b1f3a5ULL);
  for (size_t i = 0; i < k; ++i) {
    state = curation::mix64(state + 0x9e3779b97f4a7c15ULL);
    mul_.push_back(state | 1);  // odd multipliers: a bijection of 64-bit values
    state = curation::mix64(state + 0x9e3779b97f4a7c15ULL);
    add_.push_back(state);
  }
}

bool MinHasher::signature(std::string_view text, bool cjk, std::vector<uint32_t>& minhashes) {
  curation::normalize_text(text, config_.normalize, normalized_);
  curation::tokenize(normalized_, tokens_);
  token_hashes_.clear();
  for (const curation::Token& t : tokens_) {
    if (t.symbol) continue;
    token_hashes_.push_back(
        curation::hash_bytes(std::string_view(normalized_).substr(t.begin, t.end - t.begin)));
  }
  if (token_hashes_.empty()) return false;
  size_t n = std::min(cjk ? config_.cjk_n_grams : config_.n_grams, token_hashes_.size());
  shingles_.clear();
  for (size_t i = 0; i + n <= token_hashes_.size(); ++i) {
    uint64_t h = n;
    for (size_t j = 0; j < n; ++j) h = curation::hash_combine(h, token_hashes_[i + j]);
    shingles_.push_back(h);
  }
  // A shingle repeated changes nothing; dropping repeats saves their hashing.
  std::sort(shingles_.begin(), shingles_.end());
  shingles_.erase(std::unique(shingles_.begin(), shingles_.end()), shingles_.end());
  size_t k = mul_.size();
  minhashes.assign(k, std::numeric_limits<uint32_t>::max());
  uint32_t* out = minhashes.data();
  const uint64_t* mul = mul_.data();
  const uint64_t* add = add_.data();
  for (uint64_t s : shingles_) {
    // Multiply-shift: the top 32 bits of a*x+b, one independent-looking hash per k.
    for (size_t i = 0; i < k; ++i) {
      auto v = static_cast<uint32_t>((mul[i] * s + add[i]) >> 32);
      out[i] = std::min(out[i], v);
    }
  }
  return true;
}

void MinHasher::band_hashes(const std::vector<uint32_t>& minhashes,
                            std::vector<uint64_t>& out) const {
  out.clear();
  for (size_t b = 0; b < config_.bands; ++b) {
    uint64_t h = b + 1;
    for (size_t r = 0; r < config_.rows; ++r) {
      h = curation::hash_combine(h, minhashes[b * config_.rows + r]);
    }
    out.push_back(h);
  }
}

double estimated_jaccard(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  if (a.empty() || a.size() != b.size()) return 0.0;
  size_t same = 0;
  for (size_t i = 0; i < a.size(); ++i) same += a[i] == b[i];
  return static_cast<double>(same) / static_cast<double>(a.size());
}

}  // namespace docpipe::dedup
