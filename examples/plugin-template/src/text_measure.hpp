// How long a text is, in the units filter.length compares against its limits.
#pragma once

#include <cstdint>
#include <string_view>

namespace filter_length {

struct TextMeasure {
  uint64_t code_points = 0;  //!< Unicode code points, so one CJK character counts as one
  uint64_t words = 0;        //!< maximal runs of non-whitespace code points
};

//! Measures UTF-8 text. Invalid bytes (the host repairs text, so they should
//! not occur) count as one code point each and never as whitespace.
TextMeasure measure_text(std::string_view utf8) noexcept;

}  // namespace filter_length
