// The middle stages of near-duplicate removal, run by docpipe-dedup between the signature run and
// the filter run. A work directory holds signatures/ (written by the signature stage), buckets/
// and removed.bin.
#pragma once

#include <cstddef>
#include <string>

namespace docpipe::dedup {

struct BucketsReport {
  size_t documents = 0;
  size_t pairs = 0;
  size_t truncated_files = 0;  //!< signature files that ended inside a record
  size_t bands = 0;
};

//! Bands [band_begin, band_end) of every signature file in dir/signatures: documents that share a
//! band hash are joined by pairs (the smallest id to each other) in
//! dir/buckets/bands-<begin>-<end>.pairs. band_end beyond the band count is clamped. Each band
//! range is an independent task: run them in parallel.
BucketsReport run_buckets(const std::string& dir, size_t band_begin, size_t band_end);

//! Band count of the signature files in dir (all must agree); throws when there are none.
size_t signature_bands(const std::string& dir);

struct ClustersReport {
  size_t documents = 0;  //!< documents in some pair
  size_t clusters = 0;   //!< groups of two or more
  size_t removed = 0;
};

//! Joins every pair in dir/buckets (union-find) and writes dir/removed.bin: every document of a
//! group except its smallest id (bytewise), with that id as the one kept. The result depends on
//! the set of pairs only, not on file order, shard count or threads.
ClustersReport run_clusters(const std::string& dir);

}  // namespace docpipe::dedup
