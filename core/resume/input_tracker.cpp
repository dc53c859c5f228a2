#include "input_tracker.hpp"

#include <limits>

namespace docpipe {

bool InputTracker::already_committed(std::string_view source) {
  if (!has_current_ || source != current_) {
    if (has_current_) {
      // Documents of one input come together: a new input completes the previous one.
      auto it = open_.find(current_);
      if (it != open_.end()) {
        completed_.push_back({it->first, it->second, true});
        open_.erase(it);
      }
    }
    current_.assign(source);
    has_current_ = true;
  }
  uint64_t& seen = open_[current_];
  uint64_t ordinal = seen++;
  uint64_t committed = state_.committed(source);
  return committed == std::numeric_limits<uint64_t>::max() || ordinal < committed;
}

std::vector<InputProgress> InputTracker::take_progress(bool source_ended) {
  std::vector<InputProgress> out = std::move(completed_);
  completed_.clear();
  for (const auto& [source, count] : open_) out.push_back({source, count, source_ended});
  if (source_ended) {
    open_.clear();
    has_current_ = false;
  }
  return out;
}

}  // namespace docpipe
