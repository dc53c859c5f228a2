// Word-boundary conventions on top of the dictionary: jieba's list joins some units that the
// Universal Dependencies Chinese treebanks (and most segmentation standards) keep apart —
// numeral + measure word (一个 → 一 个), place + administrative suffix (天津市 → 天津 市),
// word + derivational suffix (参赛者 → 参赛 者), verb + 为/于 (成为 → 成 为).
#pragma once

#include <cstdint>

#include "dictionary.hpp"

namespace docpipe::segment_words {

//! Where to split the dictionary word w[0, n) under the UD convention: the length of its first part,
//! or 0 to keep it whole.
uint32_t ud_split_point(const char32_t* w, uint32_t n, const Dictionary& dict) noexcept;

}  // namespace docpipe::segment_words
