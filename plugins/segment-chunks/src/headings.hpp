// The heading path of each chunk ("Title > Section > Subsection"), written as
// one JSON array for the document's metadata (the SDK has no per-segment
// attributes).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tokens.hpp"

namespace docpipe::segment_chunks {

//! A heading block: its text range and level (1 = h1; 0 is taken as 1).
struct Heading {
  uint64_t begin;
  uint64_t end;
  uint32_t level;
};

//! Appends to json a JSON array with one string per anchor (ascending): the
//! headings in effect at that offset (a heading starting there included), " > " joined.
void heading_paths_json(std::string_view text, const std::vector<Heading>& headings,
                        const std::vector<uint64_t>& anchors, std::string& json);

//! Appends s to out as a JSON string literal (quotes included).
void append_json_string(std::string_view s, std::string& out);

}  // namespace docpipe::segment_chunks
