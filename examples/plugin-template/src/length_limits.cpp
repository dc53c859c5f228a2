#include "length_limits.hpp"

#include <docpipe/plugin.hpp>

namespace filter_length {
namespace {

const char* plural(uint64_t n, const char* one, const char* many) { return n == 1 ? one : many; }

}  // namespace

std::optional<std::string> rejection_reason(const TextMeasure& size, const LengthLimits& limits) {
  if (size.code_points < limits.min_chars) {
    return docpipe::format("text has {} {}, below min_chars {}", size.code_points,
                           plural(size.code_points, "character", "characters"), limits.min_chars);
  }
  if (limits.max_chars && size.code_points > *limits.max_chars) {
    return docpipe::format("text has {} characters, above max_chars {}", size.code_points,
                           *limits.max_chars);
  }
  if (size.words < limits.min_words) {
    return docpipe::format("text has {} {}, below min_words {}", size.words,
                           plural(size.words, "word", "words"), limits.min_words);
  }
  return std::nullopt;
}

std::optional<std::string> contradiction(const LengthLimits& limits) {
  if (limits.max_chars && *limits.max_chars < limits.min_chars) {
    return docpipe::format("max_chars {} is below min_chars {}: every document would be dropped",
                           *limits.max_chars, limits.min_chars);
  }
  return std::nullopt;
}

}  // namespace filter_length
