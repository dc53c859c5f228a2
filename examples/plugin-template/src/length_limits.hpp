// The rule filter.length applies, apart from the plugin glue so tests can
// call it without a host.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "text_measure.hpp"

namespace filter_length {

struct LengthLimits {
  uint64_t min_chars = 0;
  std::optional<uint64_t> max_chars;  //!< none: no upper limit
  uint64_t min_words = 0;
};

//! Why a text of this size must be dropped, or nothing when it passes.
std::optional<std::string> rejection_reason(const TextMeasure& size, const LengthLimits& limits);

//! Why these limits can never pass a text, or nothing when they are coherent.
std::optional<std::string> contradiction(const LengthLimits& limits);

}  // namespace filter_length
