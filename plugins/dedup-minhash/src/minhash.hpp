// MinHash signatures of shingles and their LSH band hashes. Shingles are word n-grams of the
// normalised text, character n-grams for CJK text; the k-th hash of a shingle is a multiply-shift
// hash with per-k constants drawn from the seed, so a signature depends on the text and the
// configuration only (never on the shard, thread or order a document is signed in).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "text/normalize.hpp"
#include "text/tokens.hpp"

namespace docpipe::dedup {

struct MinHashConfig {
  size_t n_grams = 5;      //!< words per shingle (datatrove MinhashConfig.n_grams)
  size_t cjk_n_grams = 5;  //!< characters per shingle for zh/ja/ko text
  size_t bands = 14;       //!< LSH bands (datatrove num_buckets)
  size_t rows = 8;         //!< hashes per band (datatrove hashes_per_bucket)
  uint64_t seed = 1;       //!< datatrove's default seed
  curation::NormalizeOptions normalize{true, true, true, true, true};
};

class MinHasher {
 public:
  explicit MinHasher(const MinHashConfig& config);

  //! The bands*rows minimum hash values of the text; false (and nothing written) when the text
  //! has no words after normalisation, which then never matches anything.
  bool signature(std::string_view text, bool cjk, std::vector<uint32_t>& minhashes);
  //! One 64-bit hash per band of rows values.
  void band_hashes(const std::vector<uint32_t>& minhashes, std::vector<uint64_t>& out) const;

  const MinHashConfig& config() const { return config_; }

 private:
  MinHashConfig config_;
  std::vector<uint64_t> mul_;
  std::vector<uint64_t> add_;
  std::string normalized_;
  std::vector<curation::Token> tokens_;
  std::vector<uint64_t> token_hashes_;
  std::vector<uint64_t> shingles_;
};

//! Jaccard similarity estimated from two signatures (share of equal values).
double estimated_jaccard(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b);

}  // namespace docpipe::dedup
