#include "analyzer.hpp"

#include <unicode/uchar.h>

#include <algorithm>
#include <utility>

#include "hash_counter.hpp"
#include "text/chars.hpp"
#include "text/hash.hpp"

namespace docpipe::filter_quality {
namespace {

using curation::Token;

std::string_view strip(std::string_view s) {
  size_t b = 0;
  while (b < s.size()) {
    size_t i = b;
    if (!curation::is_space(curation::next_code_point(s, i))) break;
    b = i;
  }
  s.remove_prefix(b);
  // Trailing white space: ASCII, NBSP (C2 A0) and the ideographic space (E3 80 80).
  for (;;) {
    if (!s.empty() && static_cast<unsigned char>(s.back()) < 0x80 &&
        curation::is_space(static_cast<unsigned char>(s.back()))) {
      s.remove_suffix(1);
    } else if (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") {
      s.remove_suffix(2);
    } else if (s.size() >= 3 && s.substr(s.size() - 3) == "\xE3\x80\x80") {
      s.remove_suffix(3);
    } else {
      return s;
    }
  }
}

char32_t last_code_point(std::string_view s) {
  if (s.empty()) return 0;
  size_t i = s.size() - 1;
  while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80 && s.size() - i < 4) --i;
  size_t at = i;
  char32_t c = curation::next_code_point(s, at);
  return at == s.size() ? c : char32_t{0xFFFD};
}

char32_t first_code_point(std::string_view s) {
  size_t i = 0;
  return s.empty() ? 0 : curation::next_code_point(s, i);
}

size_t count_substr(std::string_view text, std::string_view needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string_view::npos;
       at = text.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

// FineWeb's line-end test: sentence terminators in any script (。！？ included), closing quotes and
// brackets, colon, semicolon and the ellipsis.
bool ends_line(char32_t c) {
  switch (c) {
    case '.':
    case '!':
    case '?':
    case '"':
    case '\'':
    case ')':
    case ']':
    case ':':
    case ';':
    case U'…':
      return true;
    default:
      break;
  }
  if (c < 0x80) return false;
  auto cp = static_cast<UChar32>(c);
  return u_hasBinaryProperty(cp, UCHAR_S_TERM) ||
         (U_GET_GC_MASK(cp) & (U_GC_PF_MASK | U_GC_PE_MASK)) != 0;
}

// C4 keeps lines ending in . ? ! " ' (and their CJK forms), but not in an ellipsis.
bool c4_terminal(std::string_view line) {
  if (line.ends_with("...") || line.ends_with("…")) return false;
  switch (last_code_point(line)) {
    case '.':
    case '?':
    case '!':
    case '"':
    case '\'':
    case U'。':
    case U'？':
    case U'！':
    case U'．':
    case U'」':
    case U'』':
    case U'”':
    case U'’':
      return true;
    default:
      return false;
  }
}

// Sentences in a kept C4 line: runs of sentence-final marks followed by a space, a closing quote
// or the end of the line (so "3.5" and "e.g" inside words do not count); at least one per line.
size_t count_sentences(std::string_view line) {
  size_t n = 0;
  size_t i = 0;
  bool in_run = false;
  while (i < line.size()) {
    char32_t c = curation::next_code_point(line, i);
    bool cjk_final = c == U'。' || c == U'！' || c == U'？';
    bool latin_final = c == '.' || c == '!' || c == '?';
    if (cjk_final || latin_final) {
      if (!in_run) {
        size_t j = i;
        while (j < line.size() && (line[j] == '.' || line[j] == '!' || line[j] == '?')) ++j;
        char32_t next = j < line.size() ? first_code_point(line.substr(j)) : char32_t{' '};
        if (cjk_final || curation::is_space(next) || next == '"' || next == '\'' || next == U'”' ||
            next == U'」') {
          ++n;
          in_run = true;
        }
      }
    } else {
      in_run = false;
    }
  }
  return std::max<size_t>(n, 1);
}

constexpr std::string_view policy_phrases[] = {"terms of use", "privacy policy", "cookie policy",
                                               "uses cookies", "use of cookies", "use cookies"};

// Counts duplicate elements and their characters the way the papers' reference code does: the
// first occurrence is unique, each later one is a duplicate.
struct Duplicates {
  size_t elements = 0;
  size_t chars = 0;
};

template <class Range>
Duplicates find_duplicates(const Range& items, HashCounter& seen) {
  Duplicates d;
  seen.reset(items.size());
  for (std::string_view s : items) {
    if (seen.add(curation::hash_bytes(s)) > 1) {
      ++d.elements;
      d.chars += curation::count_code_points(s);
    }
  }
  return d;
}

double ratio(double a, double b) { return b > 0 ? a / b : 0.0; }

thread_local HashCounter counter;

}  // namespace

std::unordered_map<std::string, std::vector<std::string>> default_stop_words() {
  return {
      {"en", {"the", "be", "to", "of", "and", "that", "have", "with"}},
      {"zh", {"的", "了", "是", "在", "和", "有", "我", "不", "这", "也", "就", "都"}},
      {"ja", {"の", "に", "は", "を", "た", "が", "で", "て", "と", "し"}},
      {"ko", {"이", "가", "은", "는", "을", "를", "의", "에", "고", "다"}},
  };
}

Analyzer::Analyzer(AnalyzerOptions options) : options_(std::move(options)) {
  for (const auto& [lang, words] : options_.stop_words) {
    auto& set = stop_sets_[lang];
    for (const auto& w : words) set.insert(ascii_lower(w));
  }
}

const std::unordered_set<std::string>& Analyzer::stop_words_for(std::string_view lang) const {
  if (auto it = stop_sets_.find("*"); it != stop_sets_.end()) return it->second;
  std::string primary(lang.substr(0, std::min(lang.find_first_of("-_"), lang.size())));
  primary = ascii_lower(primary);
  if (auto it = stop_sets_.find(primary); it != stop_sets_.end()) return it->second;
  return no_stop_words_;
}

void Analyzer::split_lines(std::string_view text) {
  lines_.clear();
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    size_t end = nl == std::string_view::npos ? text.size() : nl;
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines_.push_back(line);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
}

void Analyzer::measure(const DocumentText& doc, unsigned sets, Measures& out) {
  out.clear();
  cjk_ = curation::is_cjk_language(doc.lang);
  text_chars_ = curation::count_code_points(doc.text);
  curation::tokenize(doc.text, tokens_);
  words_.clear();
  if (cjk_ && !doc.words.empty()) {
    for (const Token& w : doc.words) {
      if (!w.symbol) words_.push_back(w);
    }
  } else {
    for (const Token& t : tokens_) {
      if (!t.symbol) words_.push_back(t);
    }
  }
  split_lines(doc.text);
  if (sets & gopher_set) {
    measure_gopher_quality(doc, out);
    measure_gopher_repetition(doc, out);
  }
  if (sets & c4_set) measure_c4(doc, out);
  if (sets & fineweb_set) measure_fineweb(doc, out);
}

void Analyzer::measure_gopher_quality(const DocumentText& doc, Measures& out) {
  out.set(Measure::words, static_cast<double>(words_.size()));
  double n_tokens = static_cast<double>(tokens_.size());
  if (words_.empty()) return;  // the word count drops it; the ratios would mean nothing
  if (!cjk_) {
    size_t chars = 0;
    for (const Token& w : words_) chars += w.chars;
    out.set(Measure::avg_word_length, ratio(static_cast<double>(chars), words_.size()));
  }
  out.set(Measure::hash_ratio, ratio(count_substr(doc.text, "#"), n_tokens));
  out.set(Measure::ellipsis_ratio,
          ratio(count_substr(doc.text, "...") + count_substr(doc.text, "…"), n_tokens));
  size_t bullets = 0, ellipsis_lines = 0, lines = 0;
  for (std::string_view line : lines_) {
    ++lines;
    std::string_view s = strip(line);
    char32_t first = first_code_point(s);
    bullets += first == U'•' || first == '-' || first == U'・';
    ellipsis_lines += s.ends_with("...") || s.ends_with("…");
  }
  out.set(Measure::bullet_lines_ratio, ratio(bullets, lines));
  out.set(Measure::ellipsis_lines_ratio, ratio(ellipsis_lines, lines));
  size_t alpha = 0;
  for (const Token& t : tokens_) alpha += t.alpha;
  out.set(Measure::alpha_words_ratio, ratio(alpha, n_tokens));
  const auto& stops = stop_words_for(doc.lang);
  if (!stops.empty()) {
    size_t n = 0;
    std::string lower;
    for (const Token& w : words_) {
      if (w.chars > 8) continue;
      lower = ascii_lower(doc.text.substr(w.begin, w.end - w.begin));
      n += stops.count(lower);
    }
    out.set(Measure::stop_words, static_cast<double>(n));
  }
}

void Analyzer::measure_gopher_repetition(const DocumentText& doc, Measures& out) {
  double chars = static_cast<double>(text_chars_);
  std::string_view body = strip(doc.text);
  // Lines split at runs of newlines, paragraphs at two or more (the papers' regular expressions).
  std::vector<std::string_view> lines, paragraphs;
  size_t start = 0;
  while (start < body.size()) {
    size_t nl = body.find('\n', start);
    size_t end = nl == std::string_view::npos ? body.size() : nl;
    lines.push_back(body.substr(start, end - start));
    if (nl == std::string_view::npos) break;
    start = body.find_first_not_of('\n', nl);
    if (start == std::string_view::npos) break;
  }
  start = 0;
  while (start < body.size()) {
    size_t gap = body.find("\n\n", start);
    size_t end = gap == std::string_view::npos ? body.size() : gap;
    paragraphs.push_back(body.substr(start, end - start));
    if (gap == std::string_view::npos) break;
    start = body.find_first_not_of('\n', gap);
    if (start == std::string_view::npos) break;
  }
  Duplicates dl = find_duplicates(lines, counter);
  Duplicates dp = find_duplicates(paragraphs, counter);
  out.set(Measure::dup_lines_ratio, ratio(dl.elements, lines.size()));
  out.set(Measure::dup_line_chars_ratio, ratio(dl.chars, chars));
  out.set(Measure::dup_paragraphs_ratio, ratio(dp.elements, paragraphs.size()));
  out.set(Measure::dup_paragraph_chars_ratio, ratio(dp.chars, chars));

  // n-grams of words, their hashes built up one word at a time from n = 1 to 10.
  size_t n_words = words_.size();
  hashes_.resize(n_words);
  word_chars_.resize(n_words);
  for (size_t i = 0; i < n_words; ++i) {
    const Token& w = words_[i];
    hashes_[i] = curation::hash_bytes(doc.text.substr(w.begin, w.end - w.begin));
    word_chars_[i] = static_cast<uint32_t>(w.chars);
  }
  gram_hashes_ = hashes_;
  gram_chars_ = word_chars_;
  constexpr Measure top[] = {Measure::top_2gram_ratio, Measure::top_3gram_ratio,
                             Measure::top_4gram_ratio};
  constexpr Measure dup[] = {Measure::dup_5gram_ratio, Measure::dup_6gram_ratio,
                             Measure::dup_7gram_ratio, Measure::dup_8gram_ratio,
                             Measure::dup_9gram_ratio, Measure::dup_10gram_ratio};
  for (size_t n = 2; n <= 10; ++n) {
    if (n_words < n) {
      if (n <= 4) out.set(top[n - 2], 0.0);
      if (n >= 5) out.set(dup[n - 5], 0.0);
      continue;
    }
    size_t grams = n_words - n + 1;
    for (size_t i = 0; i < grams; ++i) {
      gram_hashes_[i] = curation::hash_combine(gram_hashes_[i], hashes_[i + n - 1]);
      gram_chars_[i] += word_chars_[i + n - 1];
    }
    counter.reset(grams);
    if (n <= 4) {
      // The most frequent n-gram, joined with spaces as the reference joins it.
      uint32_t best = 0;
      size_t best_at = 0;
      for (size_t i = 0; i < grams; ++i) {
        uint32_t c = counter.add(gram_hashes_[i]);
        if (c > best) {
          best = c;
          best_at = i;
        }
      }
      // Space-joined for space-delimited languages; CJK characters join without one.
      double gram_len = gram_chars_[best_at] + (cjk_ ? 0.0 : static_cast<double>(n - 1));
      out.set(top[n - 2], ratio(gram_len * best, chars));
    } else {
      // Characters in repeated n-grams, skipping past each repeat as the reference does.
      size_t repeated = 0;
      for (size_t i = 0; i < grams;) {
        if (counter.add(gram_hashes_[i]) > 1) {
          repeated += gram_chars_[i];
          i += n;
        } else {
          ++i;
        }
      }
      out.set(dup[n - 5], ratio(repeated, chars));
    }
  }
}

void Analyzer::measure_c4(const DocumentText& doc, Measures& out) {
  (void)doc;
  size_t sentences = 0, kept = 0;
  bool lorem = false, curly = false;
  std::vector<Token> line_tokens;
  for (std::string_view raw : lines_) {
    std::string_view line = strip(raw);
    if (line.empty()) continue;
    size_t words = 0, longest = 0;
    if (cjk_) {
      line_tokens.clear();
      curation::tokenize_range(line, 0, line.size(), line_tokens);
      for (const Token& t : line_tokens) {
        words += !t.symbol;
        longest = std::max(longest, t.chars);
      }
    } else {
      size_t i = 0;
      while (i < line.size()) {
        size_t b = line.find_first_not_of(" \t\r\f\v", i);
        if (b == std::string_view::npos) break;
        size_t e = line.find_first_of(" \t\r\f\v", b);
        if (e == std::string_view::npos) e = line.size();
        ++words;
        longest = std::max(longest, curation::count_code_points(line.substr(b, e - b)));
        i = e;
      }
    }
    if (longest > options_.c4_max_word_length) continue;
    if (!c4_terminal(line)) continue;
    if (words < options_.c4_min_words_per_line) continue;
    std::string lower = ascii_lower(line);
    lorem = lorem || lower.find("lorem ipsum") != std::string::npos;
    if (options_.c4_javascript && lower.find("javascript") != std::string::npos) continue;
    curly = curly || line.find('{') != std::string_view::npos;
    if (options_.c4_policy &&
        std::any_of(std::begin(policy_phrases), std::end(policy_phrases),
                    [&](std::string_view p) { return lower.find(p) != std::string::npos; })) {
      continue;
    }
    sentences += count_sentences(line);
    ++kept;
  }
  out.set(Measure::c4_sentences, static_cast<double>(sentences));
  out.set(Measure::c4_lorem_ipsum, lorem ? 1.0 : 0.0);
  out.set(Measure::c4_curly_bracket, curly ? 1.0 : 0.0);
  out.set(Measure::c4_lines_kept, static_cast<double>(kept));
}

void Analyzer::measure_fineweb(const DocumentText& doc, Measures& out) {
  std::vector<std::string_view> lines;
  for (std::string_view l : lines_) {
    if (!strip(l).empty()) lines.push_back(l);
  }
  size_t punct = 0, short_lines = 0;
  for (std::string_view l : lines) {
    punct += ends_line(last_code_point(strip(l)));
    short_lines += curation::count_code_points(l) <= options_.fineweb_short_line_length;
  }
  out.set(Measure::line_punct_ratio, ratio(punct, lines.size()));
  out.set(Measure::short_line_ratio, ratio(short_lines, lines.size()));
  Duplicates d = find_duplicates(lines, counter);
  size_t newlines = count_substr(doc.text, "\n");
  out.set(Measure::line_dup_chars_ratio, ratio(d.chars, text_chars_ - newlines));
  out.set(Measure::newline_ratio,
          words_.empty() ? static_cast<double>(newlines) : ratio(newlines, words_.size()));
}

}  // namespace docpipe::filter_quality
