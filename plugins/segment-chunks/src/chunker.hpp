// Cuts a token sequence into chunks of at most max_tokens, each cut at the
// strongest boundary in reach: a block (or blank line), else a sentence end,
// else between two tokens. Among cuts of equal strength the latest wins, so
// small blocks and sentences are packed together up to the limit. Cuts are
// chosen on the new content of each chunk (at most max_tokens - overlap after
// the first); the overlap is then prepended, so it never decides a cut.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "tokens.hpp"

namespace docpipe::segment_chunks {

//! How large chunks are and how much consecutive chunks share.
struct ChunkOptions {
  size_t max_tokens = 512;  //!< at most this many tokens per chunk (>= 1)
  size_t overlap = 0;       //!< tokens repeated from the end of the previous chunk (< max_tokens)
};

//! What the document tells about boundaries; offsets sorted ascending. Without
//! block starts, a blank line between two tokens is a block boundary.
struct BoundaryHints {
  const std::vector<uint64_t>* block_begins = nullptr;     //!< starts of blocks
  const std::vector<uint64_t>* sentence_begins = nullptr;  //!< starts of sentences; null = guess from punctuation
  const std::vector<uint64_t>* soft_begins = nullptr;      //!< block starts cut only like sentences (after a heading)
};

//! Reusable chunker; its scratch keeps capacity between documents.
class Chunker {
 public:
  //! Throws std::invalid_argument when max_tokens is 0 or overlap >= max_tokens.
  explicit Chunker(ChunkOptions options);
  //! Appends chunks (byte ranges from a token's begin to a token's end) to out and,
  //! when anchors is given, the offset where each chunk's new content (after the overlap) begins.
  void chunk(std::string_view text, const std::vector<Range>& tokens, const BoundaryHints& hints,
             std::vector<Range>& out, std::vector<uint64_t>* anchors = nullptr);

 private:
  void mark_gaps(std::string_view text, const std::vector<Range>& tokens, const BoundaryHints& hints);
  ChunkOptions options_;
  std::vector<uint8_t> strength_;  // strength_[i]: boundary before token i
};

}  // namespace docpipe::segment_chunks
