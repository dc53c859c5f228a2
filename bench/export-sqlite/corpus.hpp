// Generated documents for the store benchmark: about 2 KB of English or
// Chinese text each, with the metadata clean.html would add.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace docpipe::bench {

//! One generated document.
struct GeneratedDoc {
  std::string id, url, title, lang, text;
};

//! n documents of about `bytes` bytes of text, alternating English and Chinese,
//! the same for the same seed.
std::vector<GeneratedDoc> generate_corpus(size_t n, size_t bytes, uint64_t seed);

}  // namespace docpipe::bench
