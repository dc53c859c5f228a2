// Distinct test words without digits (the MinHash normalisation turns digits into 0).
#pragma once

#include <string>

namespace docpipe::dedup {

//! A distinct word per number, in letters.
inline std::string letters(size_t i) {
  std::string w = "q";
  do {
    w += static_cast<char>('a' + i % 26);
    i /= 26;
  } while (i > 0);
  return w;
}

}  // namespace docpipe::dedup
