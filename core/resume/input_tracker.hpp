// Follows which input each document came from, on the reader thread of a
// resumable run: it skips documents an earlier attempt committed and reports,
// at each checkpoint, how far every input got since the previous one.
//
// It relies on what docpipe's sources guarantee: a source yields the
// documents of one input (its DP_FIELD_SOURCE value: a file, a WARC, a URL)
// one after another and, rerun, in the same order; so "the first k documents
// of input X" names the same documents in every attempt, and an input is
// complete once a document of another input follows it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "shard_state.hpp"

namespace docpipe {

//! Per-input counting for resumable runs. Reader thread only.
class InputTracker {
 public:
  explicit InputTracker(const ShardState& state) : state_(state) {}

  //! Counts a document of this input; true when an earlier attempt committed it (skip it).
  bool already_committed(std::string_view source);
  //! Progress since the last call, to record at a checkpoint (all documents
  //! counted so far have been delivered). source_ended: the source is exhausted.
  std::vector<InputProgress> take_progress(bool source_ended);

 private:
  const ShardState& state_;
  std::string current_;
  bool has_current_ = false;
  std::unordered_map<std::string, uint64_t> open_;  // inputs seen and not complete: documents so far
  std::vector<InputProgress> completed_;            // complete since the last checkpoint
};

}  // namespace docpipe
