#include "chunker.hpp"

#include <algorithm>
#include <stdexcept>

namespace docpipe::segment_chunks {
namespace {

enum Strength : uint8_t { kWord = 1, kSentence = 2, kBlock = 3 };

// The last code point before `end` that is not a closing quote or bracket is a
// sentence terminal: the fallback when no "sentence" segments exist.
bool ends_sentence(std::string_view text, uint64_t begin, uint64_t end) {
  static constexpr std::string_view closers[] = {"\"", "'", ")", "]", "\xE2\x80\x9D", "\xE2\x80\x99",
                                                 "\xE3\x80\x8D", "\xE3\x80\x8F", "\xEF\xBC\x89", "\xE3\x80\x8B"};
  static constexpr std::string_view terminals[] = {".", "!", "?", "\xE3\x80\x82", "\xEF\xBC\x81",
                                                   "\xEF\xBC\x9F", "\xE2\x80\xA6"};
  std::string_view t = text.substr(begin, end - begin);
  for (bool stripped = true; stripped && !t.empty();) {
    stripped = false;
    for (std::string_view c : closers) {
      if (t.size() > c.size() && t.ends_with(c)) {
        t.remove_suffix(c.size());
        stripped = true;
      }
    }
  }
  for (std::string_view c : terminals)
    if (t.ends_with(c)) return true;
  return false;
}

// A blank line between two tokens separates paragraphs even without blocks.
bool has_blank_line(std::string_view gap) {
  size_t nl = gap.find('\n');
  return nl != std::string_view::npos && gap.find('\n', nl + 1) != std::string_view::npos;
}

// Marks strength at token i for every offset in [lo, hi] found in a sorted list.
void mark_from(const std::vector<uint64_t>* offsets, const std::vector<Range>& tokens,
               std::vector<uint8_t>& strength, uint8_t value) {
  if (offsets == nullptr) return;
  size_t k = 0;
  for (size_t i = 1; i < tokens.size(); ++i) {
    uint64_t lo = tokens[i - 1].end, hi = tokens[i].begin;
    while (k < offsets->size() && (*offsets)[k] < lo) ++k;
    if (k < offsets->size() && (*offsets)[k] <= hi) strength[i] = std::max(strength[i], value);
  }
}

}  // namespace

Chunker::Chunker(ChunkOptions options) : options_(options) {
  if (options_.max_tokens == 0) throw std::invalid_argument("max_tokens must be at least 1");
  if (options_.overlap >= options_.max_tokens)
    throw std::invalid_argument("overlap must be smaller than max_tokens");
}

void Chunker::mark_gaps(std::string_view text, const std::vector<Range>& tokens,
                        const BoundaryHints& hints) {
  strength_.assign(tokens.size(), kWord);
  const bool blocks_given = hints.block_begins != nullptr && !hints.block_begins->empty();
  for (size_t i = 1; i < tokens.size(); ++i) {
    uint64_t lo = tokens[i - 1].end, hi = tokens[i].begin;
    if (!blocks_given && hi > lo && has_blank_line(text.substr(lo, hi - lo))) {
      strength_[i] = kBlock;
    } else if (hints.sentence_begins == nullptr && ends_sentence(text, tokens[i - 1].begin, lo)) {
      strength_[i] = kSentence;
    }
  }
  mark_from(hints.sentence_begins, tokens, strength_, kSentence);
  mark_from(hints.soft_begins, tokens, strength_, kSentence);
  if (blocks_given) mark_from(hints.block_begins, tokens, strength_, kBlock);
}

void Chunker::chunk(std::string_view text, const std::vector<Range>& tokens, const BoundaryHints& hints,
                    std::vector<Range>& out, std::vector<uint64_t>* anchors) {
  if (tokens.empty()) return;
  mark_gaps(text, tokens, hints);
  const size_t n = tokens.size();
  size_t start = 0;  // first token of the chunk's new content
  while (start < n) {
    size_t room = start == 0 ? options_.max_tokens : options_.max_tokens - options_.overlap;
    size_t limit = start + room;
    size_t cut = n;
    if (limit < n) {
      // Latest cut of the greatest strength in (start, limit].
      cut = limit;
      uint8_t best = strength_[limit];
      for (size_t c = limit; c > start && best < kBlock; --c) {
        if (strength_[c] > best) {
          best = strength_[c];
          cut = c;
        }
      }
    }
    size_t first = start >= options_.overlap ? start - options_.overlap : 0;
    out.push_back({tokens[first].begin, tokens[cut - 1].end});
    if (anchors != nullptr) anchors->push_back(tokens[start].begin);
    start = cut;
  }
}

}  // namespace docpipe::segment_chunks
