// Headings that go with segments. The segment ABI carries kind and offsets
// only, so a segmenter that knows a heading per segment (segment.chunks: the
// path h1 > h2 of each chunk) puts them in the metadata entry
// "<kind>_headings": a JSON array with one element per segment of that kind,
// in order (a string, a list of strings, or null for none).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace docpipe::jsonl {

//! The metadata key holding the headings of segments of this kind ("chunk_headings").
std::string headings_key(std::string_view kind);

//! Splits a headings array into its elements as compact JSON ("" for null
//! elements); an empty vector when json is not an array (a bad entry never
//! fails the document: the records just carry no heading).
std::vector<std::string> split_headings(std::string_view json);

}  // namespace docpipe::jsonl
