#include "word_segmenter.hpp"

#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include <cmath>
#include <stdexcept>
#include <string>

#include "chars.hpp"
#include "conventions.hpp"

namespace docpipe::segment_words {
namespace {
// Longest Han run cut as one graph: buffers stay bounded (about 1.3 MB) however long a paragraph
// without punctuation is; the price is one forced boundary every 64 Ki characters.
constexpr size_t max_han_run = 65536;
}  // namespace

Mode mode_for_language(std::string_view lang) noexcept {
  if (lang.empty() || lang == "auto") return Mode::automatic;
  std::string_view primary = lang.substr(0, lang.find_first_of("-_"));
  if (primary == "zh" || primary == "cmn" || primary == "yue" || primary == "wuu") return Mode::chinese;
  return Mode::icu;
}

WordSegmenter::WordSegmenter(std::shared_ptr<const Dictionary> dict, Options options)
    : dict_(std::move(dict)), options_(options) {
  if (dict_ != nullptr) {
    if (options_.hmm) hmm_ = shared_hmm(dict_);
    // A numeral run ("五十五万") scores as a fairly common word, so it wins over its pieces unless
    // the dictionary knows a better reading ("十分").
    numeral_logp_ = dict_->unknown_logp() + std::log(3000.0f);
  }
}

WordSegmenter::~WordSegmenter() {
  if (icu_ != nullptr) ubrk_close(icu_);
}

void WordSegmenter::segment(std::string_view text, uint64_t begin, uint64_t end, Mode mode, std::vector<Span>& out) {
  if (end > text.size()) end = text.size();
  if (begin >= end) return;
  if (mode == Mode::automatic || dict_ == nullptr) {
    bool han = false, kana = false;
    for (uint64_t i = begin; i < end && !kana;) {
      unsigned char b = static_cast<unsigned char>(text[i]);
      if (b < 0x80) {
        ++i;
        continue;
      }
      size_t len = 0;
      char32_t c = decode_utf8(text, i, len);
      han = han || is_han(c);
      kana = is_kana(c);
      i += len;
    }
    mode = (han && !kana && dict_ != nullptr) ? Mode::chinese : Mode::icu;
  }
  if (mode == Mode::icu) {
    cut_icu(text, begin, end, out);
  } else {
    cut_mixed(text, begin, end, out);
  }
}

void WordSegmenter::cut_mixed(std::string_view text, uint64_t begin, uint64_t end, std::vector<Span>& out) {
  uint64_t i = begin;
  while (i < end) {
    size_t len = 0;
    char32_t c = decode_utf8(text, i, len);
    uint64_t run = i;
    if (is_han(c)) {
      // Decode the run once, straight into the buffers the word graph uses.
      chars_.clear();
      offsets_.clear();
      do {
        chars_.push_back(c);
        offsets_.push_back(i);
        i += len;
        if (i >= end) break;
        c = decode_utf8(text, i, len);
      } while (is_han(c) && chars_.size() < max_han_run);
      offsets_.push_back(i);
      cut_han(out);
      continue;
    }
    bool simple = is_simple(c);
    for (i += len; i < end; i += len) {
      c = decode_utf8(text, i, len);
      if (is_han(c)) break;
      simple = simple && is_simple(c);
    }
    if (simple) {
      cut_simple(text, run, i, out);
    } else {
      cut_icu(text, run, i, out);
    }
  }
}

void WordSegmenter::cut_han(std::vector<Span>& out) {
  const auto n = static_cast<uint32_t>(chars_.size());
  best_.resize(n + 1);
  next_.resize(n + 1);
  best_[n] = 0;
  const Dictionary& d = *dict_;
  // Right to left: best_[i] is the best log-probability of chars_[i, n), next_[i] where its first word ends.
  for (uint32_t i = n; i-- > 0;) {
    float lp = Dictionary::not_a_word;
    uint32_t node = d.child(0, chars_[i], lp);
    float single = (node != 0 && lp != Dictionary::not_a_word) ? lp : d.unknown_logp();
    double best = single + best_[i + 1];
    uint32_t to = i + 1;
    for (uint32_t j = i + 1; node != 0 && j < n; ++j) {
      node = d.child(node, chars_[j], lp);
      if (node == 0) break;
      if (lp != Dictionary::not_a_word && lp + best_[j + 1] > best) {
        best = lp + best_[j + 1];
        to = j + 1;
      }
    }
    if (is_chinese_numeral(chars_[i])) {
      uint32_t k = i + 1;
      while (k < n && is_chinese_numeral(chars_[k])) ++k;
      if (k - i >= 2 && numeral_logp_ + best_[k] > best) {
        best = numeral_logp_ + best_[k];
        to = k;
      }
    }
    best_[i] = best;
    next_[i] = to;
  }
  run_len_ = 0;
  for (uint32_t i = 0; i < n;) {
    uint32_t j = next_[i];
    if (j == i + 1) {
      if (run_len_ == 0) run_begin_ = i;
      ++run_len_;
    } else {
      flush_singles(out);
      emit_word(i, j, out);
    }
    i = j;
  }
  flush_singles(out);
}

void WordSegmenter::emit_word(uint32_t i, uint32_t j, std::vector<Span>& out) const {
  if (options_.ud) {
    if (uint32_t k = ud_split_point(chars_.data() + i, j - i, *dict_); k != 0) {
      out.push_back({offsets_[i], offsets_[i + k]});
      out.push_back({offsets_[i + k], offsets_[j]});
      return;
    }
  }
  out.push_back({offsets_[i], offsets_[j]});
}

void WordSegmenter::flush_singles(std::vector<Span>& out) {
  if (run_len_ == 0) return;
  const uint32_t b = run_begin_, n = run_len_;
  run_len_ = 0;
  if (n >= 2 && hmm_ != nullptr) {
    lengths_.clear();
    hmm_->cut(chars_.data() + b, n, lengths_, hmm_score_, hmm_back_);
    uint32_t at = b;
    for (uint32_t len : lengths_) {
      out.push_back({offsets_[at], offsets_[at + len]});
      at += len;
    }
    return;
  }
  for (uint32_t i = b; i < b + n; ++i) out.push_back({offsets_[i], offsets_[i + 1]});
}

void WordSegmenter::cut_simple(std::string_view text, uint64_t begin, uint64_t end, std::vector<Span>& out) const {
  uint64_t i = begin;
  while (i < end) {
    size_t len = 0;
    char32_t c = decode_utf8(text, i, len);
    if (!is_latin_alnum(c)) {
      if (options_.punctuation && !is_space(c)) out.push_back({i, i + len});
      i += len;
      continue;
    }
    // A Latin/digit token: letters and digits, joined by '.' between them (3.14, U.S, www.a.com) and by
    // ',' between digits (1,000); a '%' right after a digit belongs to the number.
    uint64_t start = i;
    char32_t last = c;
    i += len;
    while (i < end) {
      char32_t d = decode_utf8(text, i, len);
      if (is_latin_alnum(d)) {
        last = d;
        i += len;
        continue;
      }
      if ((d == U'.' || d == 0xFF0E || (d == U',' && is_digit(last))) && i + len < end) {
        size_t len2 = 0;
        char32_t e = decode_utf8(text, i + len, len2);
        if (is_latin_alnum(e) && (d != U',' || is_digit(e))) {
          i += len;
          continue;
        }
      }
      if ((d == U'%' || d == 0xFF05) && is_digit(last)) i += len;
      break;
    }
    out.push_back({start, i});
  }
}

void WordSegmenter::cut_icu(std::string_view text, uint64_t begin, uint64_t end, std::vector<Span>& out) {
  UErrorCode status = U_ZERO_ERROR;
  if (icu_ == nullptr) {
    icu_ = ubrk_open(UBRK_WORD, "", nullptr, 0, &status);
    if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU word break unavailable: ") + u_errorName(status));
  }
  UText ut = UTEXT_INITIALIZER;
  utext_openUTF8(&ut, text.data() + begin, static_cast<int64_t>(end - begin), &status);
  ubrk_setUText(icu_, &ut, &status);
  if (U_FAILURE(status)) {
    utext_close(&ut);
    throw std::runtime_error(std::string("ICU word break failed: ") + u_errorName(status));
  }
  int32_t from = ubrk_first(icu_);
  for (int32_t to = ubrk_next(icu_); to != UBRK_DONE; from = to, to = ubrk_next(icu_)) {
    uint64_t b = begin + static_cast<uint64_t>(from), e = begin + static_cast<uint64_t>(to);
    if (ubrk_getRuleStatus(icu_) >= UBRK_WORD_NONE_LIMIT) {
      out.push_back({b, e});
      continue;
    }
    if (!options_.punctuation) continue;
    // Rule status "none": whitespace or punctuation; keep each non-space character as a token.
    for (uint64_t i = b; i < e;) {
      size_t len = 0;
      char32_t c = decode_utf8(text, i, len);
      if (!is_space(c)) out.push_back({i, i + len});
      i += len;
    }
  }
  // Detach the iterator from the text before the UText goes away.
  static const UChar nothing[1] = {0};
  status = U_ZERO_ERROR;
  ubrk_setText(icu_, nothing, 0, &status);
  utext_close(&ut);
}

}  // namespace docpipe::segment_words
