// Text normalisation before duplicate detection: two texts that differ only in what these options
// remove get the same key (dedup.exact) or the same shingles (dedup.minhash).
#pragma once

#include <string>
#include <string_view>

namespace docpipe::curation {

struct NormalizeOptions {
  bool nfkc = true;        //!< Unicode NFKC (full-width forms, ligatures, compatibility characters)
  bool lowercase = true;   //!< simple lower-casing of every letter
  bool whitespace = true;  //!< runs of white space become one space; none at either end
  bool punctuation = false;  //!< remove punctuation and symbols
  bool digits = false;       //!< every decimal digit becomes 0
};

//! Writes the normalised text to out (cleared first). Invalid UTF-8 reads as U+FFFD.
void normalize_text(std::string_view text, const NormalizeOptions& options, std::string& out);

}  // namespace docpipe::curation
