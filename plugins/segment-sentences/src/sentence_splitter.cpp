// The rules are applied in one forward pass over ICU's boundaries, so the
// cost stays linear in the text and nothing is allocated per character (the
// scratch vectors and strings keep their capacity between calls).
#include "sentence_splitter.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace docpipe::segment_sentences {
namespace {

const uint8_t* bytes(std::string_view s) { return reinterpret_cast<const uint8_t*>(s.data()); }
int32_t size32(std::string_view s) { return static_cast<int32_t>(s.size()); }

UChar32 next_cp(std::string_view s, int32_t& i) {
  UChar32 c;
  U8_NEXT(bytes(s), i, size32(s), c);
  return c;
}
UChar32 prev_cp(std::string_view s, int32_t start, int32_t& i) {
  UChar32 c;
  U8_PREV(bytes(s), start, i, c);
  return c;
}
UChar32 cp_at(std::string_view s, int32_t i) { return next_cp(s, i); }

bool is_space(UChar32 c) { return c >= 0 && (u_isUWhiteSpace(c) || c == 0xFEFF); }

// Quotes and brackets that close a sentence's last clause and stay with it.
bool is_closer(UChar32 c) {
  switch (c) {
    case '"':
    case '\'':
    case ')':
    case ']':
    case '}':
    case 0x2019:
    case 0x201D:
    case 0x00BB:
    case 0x203A:  // ’ ” » ›
    case 0x300D:
    case 0x300F:
    case 0x300B:
    case 0x3009:  // 」 』 》 〉
    case 0xFF09:
    case 0x3011:
    case 0x3015:
    case 0xFF02:  // ） 】 〕 ＂
      return true;
    default:
      return false;
  }
}

// Openers that belong to the next sentence even when ICU glues them to the
// previous one (ICU's Close class mixes openers and closers: "。《书》").
bool is_opener(UChar32 c) {
  switch (c) {
    case 0x201C:
    case 0x2018:
    case 0x00AB:
    case 0x2039:
    case 0x201E:  // “ ‘ « ‹ „
    case 0x300C:
    case 0x300E:
    case 0x300A:
    case 0x3008:  // 「 『 《 〈
    case 0xFF08:
    case 0x3010:
    case 0x3014:  // （ 【 〔
      return true;
    default:
      return false;
  }
}

// Characters skipped before the first letter of the next sentence.
bool is_lead_punct(UChar32 c) {
  return is_opener(c) || c == '"' || c == '\'' || c == '(' || c == '[' || c == 0x00BF ||
         c == 0x00A1;  // ¿ ¡
}

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view w) {
  return !w.empty() && std::all_of(w.begin(), w.end(), is_ascii_digit);
}

// "E", "U.S.A", "e.g", "LL.AA.II.RR": one letter, or dotted pieces of one or two letters.
bool is_initialism(std::string_view w) {
  int32_t i = 0, n = size32(w), letters = 0, pieces = 0;
  bool dotted = false;
  while (i < n) {
    UChar32 c = next_cp(w, i);
    if (c == '.') {
      if (letters == 0) return false;
      dotted = true;
      letters = 0;
      continue;
    }
    if (c < 0 || !u_isalpha(c)) return false;
    if (letters == 0) ++pieces;
    if (++letters > 2) return false;
  }
  return dotted ? letters <= 2 : (pieces == 1 && letters == 1);
}

// "XII. Pluku": in languages that write ordinals with a dot, so do Roman numerals.
bool is_roman(std::string_view w) {
  return !w.empty() && w.size() <= 6 && w.find_first_not_of("IVXLCDM") == std::string_view::npos;
}

bool is_time_suffix(std::string_view lower) { return lower == "a.m" || lower == "p.m"; }

// A lone list marker ("1.", "2.)", "a.", "• 9."), never a sentence by itself.
bool is_lone_marker(std::string_view s) {
  int32_t i = 0, n = size32(s);
  while (i < n) {
    int32_t at = i;
    UChar32 c = next_cp(s, i);
    if (!(is_space(c) || c == 0x2022 || c == 0x2043 || c == '-' || c == '*')) {
      i = at;
      break;
    }
  }
  int32_t start = i;
  while (i < n && is_ascii_digit(s[static_cast<size_t>(i)])) ++i;
  if (i == start) {
    if (i < n &&
        ((s[static_cast<size_t>(i)] | 0x20) >= 'a' && (s[static_cast<size_t>(i)] | 0x20) <= 'z'))
      ++i;
    else
      return false;
  }
  int32_t punct = 0;
  while (i < n && (s[static_cast<size_t>(i)] == '.' || s[static_cast<size_t>(i)] == ')')) {
    ++i;
    ++punct;
  }
  return punct >= 1 && punct <= 2 && i == n;
}

void ascii_lower(std::string_view w, std::string& out) {
  out.assign(w);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c | 0x20);
}

// Title brackets: a boundary inside 《…》 is never a sentence end. An
// unclosed 《 stops protecting after this many bytes.
constexpr int32_t kMaxTitleBytes = 300;
constexpr int32_t kMaxMarkerBytes = 16;
constexpr int32_t kMaxWordBytes = 64;

}  // namespace

SentenceSplitter::SentenceSplitter() : rules_(&english_rules()) {
  UErrorCode status = U_ZERO_ERROR;
  iter_.reset(icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status) || !iter_) {
    throw std::runtime_error(std::string("ICU sentence iterator: ") + u_errorName(status));
  }
  lower_.reserve(64);
  needle_.reserve(32);
}

SentenceSplitter::~SentenceSplitter() {
  if (utext_ != nullptr) utext_close(utext_);
}

void SentenceSplitter::set_language(std::string_view lang) { rules_ = &rules_for(lang); }

void SentenceSplitter::icu_boundaries(std::string_view s) {
  icu_.clear();
  UErrorCode status = U_ZERO_ERROR;
  utext_ = utext_openUTF8(utext_, s.data(), static_cast<int64_t>(s.size()), &status);
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU utext: ") + u_errorName(status));
  iter_->setText(utext_, status);
  if (U_FAILURE(status))
    throw std::runtime_error(std::string("ICU setText: ") + u_errorName(status));
  for (int32_t b = iter_->next(); b != icu::BreakIterator::DONE; b = iter_->next()) {
    if (b > 0 && b < size32(s)) icu_.push_back(b);
  }
}

bool SentenceSplitter::listed(const std::string_view* own, size_t own_n, const std::string_view* en,
                              size_t en_n, std::string_view lower) const {
  return in_list(own, own_n, lower) || (own != en && in_list(en, en_n, lower));
}

bool SentenceSplitter::is_starter(std::string_view s, int32_t at) {
  int32_t i = at, n = size32(s);
  while (i < n) {
    int32_t here = i;
    UChar32 c = next_cp(s, i);
    if (c < 0 || !u_isalpha(c)) {
      i = here;
      break;
    }
  }
  ascii_lower(s.substr(static_cast<size_t>(at), static_cast<size_t>(i - at)), lower_);
  const LangRules& en = english_rules();
  return listed(rules_->starters, rules_->starter_count, en.starters, en.starter_count, lower_);
}

bool SentenceSplitter::keep_after_period(std::string_view s, int32_t seg_start, int32_t word_begin,
                                         std::string_view word, int32_t next) {
  if (word.empty()) return true;
  const LangRules& en = english_rules();
  ascii_lower(word, lower_);
  if (listed(rules_->titles, rules_->title_count, en.titles, en.title_count, lower_)) return false;
  UChar32 nx = cp_at(s, next);
  if (nx >= 0 && u_isdigit(nx)) {
    if (listed(rules_->number_prefixes, rules_->number_prefix_count, en.number_prefixes,
               en.number_prefix_count, lower_))
      return false;
    return !(rules_->ordinal_dot && all_digits(word));
  }
  if (is_time_suffix(lower_)) {
    // "At 5 a.m. Mr. Smith went": a time that opens the sentence is not its end;
    // "He left the bank at 6 P.M. Mr. Smith then went": after a full clause it is.
    int32_t words = 0;
    bool in_word = false;
    for (int32_t i = seg_start; i < word_begin && words <= 3; ++i) {
      bool sp = s[static_cast<size_t>(i)] == ' ';
      if (!sp && !in_word) ++words;
      in_word = !sp;
    }
    return words > 3;
  }
  if (listed(rules_->abbreviations, rules_->abbreviation_count, en.abbreviations,
             en.abbreviation_count, lower_) ||
      is_initialism(word)) {
    return is_starter(s, next);
  }
  if (rules_->ordinal_dot && (all_digits(word) || is_roman(word))) return false;
  return true;
}

bool SentenceSplitter::keep_icu_boundary(std::string_view s, int32_t seg_start, int32_t b) {
  // e: end of the text before the boundary, without trailing spaces.
  int32_t e = b;
  while (e > seg_start) {
    int32_t at = e;
    if (!is_space(prev_cp(s, seg_start, at))) break;
    e = at;
  }
  if (e <= seg_start) return false;
  // Markers are short; the bound keeps a long run of dropped boundaries linear.
  if (e - seg_start <= kMaxMarkerBytes &&
      is_lone_marker(s.substr(static_cast<size_t>(seg_start), static_cast<size_t>(e - seg_start))))
    return false;

  int32_t n = b, size = size32(s);
  UChar32 nx = -1;
  while (n < size) {
    int32_t at = n;
    nx = next_cp(s, at);
    if (!is_lead_punct(nx) && !is_space(nx)) break;
    n = at;
  }
  if (n >= size) return true;
  // "we fly next day. ) Hop on": a bracket closed after the full stop, set
  // off by a space, still belongs to the sentence it closes.
  if ((nx == ')' || nx == ']') && (n + 1 >= size || is_space(cp_at(s, n + 1)))) return false;
  // A lower-case word continues the sentence: "Yahoo! in", "Co. at noon", a line break
  // mid-sentence.
  if (u_islower(nx)) return false;

  int32_t t = e;
  UChar32 c = -1;
  while (t > seg_start) {
    int32_t at = t;
    c = prev_cp(s, seg_start, at);
    if (!is_closer(c)) break;
    t = at;
  }
  if (c != '.') return true;
  int32_t dot = t - 1;  // the '.' itself
  // Ellipses ("...", ". . .") are decided by add_ellipsis_boundaries.
  if (dot > seg_start && s[static_cast<size_t>(dot - 1)] == '.') return false;
  if (dot - 1 > seg_start && s[static_cast<size_t>(dot - 1)] == ' ' &&
      s[static_cast<size_t>(dot - 2)] == '.')
    return false;
  // Inside ". . ." (the next dot follows a space); "raak. ...en" may still end.
  if (s[static_cast<size_t>(b)] == '.' && b + 1 < size && s[static_cast<size_t>(b + 1)] == ' ')
    return false;

  // Abbreviations are short: a longer "word" (a URL, a run without spaces) is not one.
  int32_t w = dot;
  while (w > seg_start && dot - w <= kMaxWordBytes) {
    int32_t at = w;
    if (is_space(prev_cp(s, seg_start, at))) break;
    w = at;
  }
  // Opening quotes and brackets before the word are not part of it; an
  // apostrophe inside it is ("didn't." is a word, not the initial "t.").
  while (w < dot) {
    int32_t at = w;
    if (!is_lead_punct(next_cp(s, at))) break;
    w = at;
  }
  return keep_after_period(s, seg_start, w,
                           s.substr(static_cast<size_t>(w), static_cast<size_t>(dot - w)), n);
}

void SentenceSplitter::add_list_boundaries(std::string_view s) {
  // A paragraph that opens with "1.", "1)", "1.)" or "a." numbers its items:
  // each following marker of the same style starts a sentence.
  size_t i = s.find_first_not_of(" \t");
  if (i == std::string_view::npos) return;
  size_t p = i;
  bool alpha = false;
  unsigned value = 0;
  while (p < s.size() && is_ascii_digit(s[p]) && p - i < 4)
    value = value * 10 + static_cast<unsigned>(s[p++] - '0');
  if (p == i) {
    char c = s[p];
    if (!((c >= 'a' && c <= 'y') || (c >= 'A' && c <= 'Y'))) return;
    alpha = true;
    value = static_cast<unsigned char>(c);
    ++p;
  } else if (p < s.size() && is_ascii_digit(s[p])) {
    return;
  }
  size_t suffix_begin = p;
  while (p < s.size() && (s[p] == '.' || s[p] == ')') && p - suffix_begin < 2) ++p;
  std::string_view suffix = s.substr(suffix_begin, p - suffix_begin);
  if (suffix.empty() || p >= s.size() || s[p] != ' ') return;
  if (alpha && suffix != "." && suffix != ")") return;
  size_t from = p;
  for (;;) {
    ++value;
    needle_.assign(" ");
    if (alpha) {
      if (value > static_cast<unsigned>('z') || (value > 'Z' && value < 'a')) return;
      needle_ += static_cast<char>(value);
    } else {
      needle_ += std::to_string(value);
    }
    needle_ += suffix;
    needle_ += ' ';
    size_t f = s.find(needle_, from);
    if (f == std::string_view::npos) return;
    added_.push_back(static_cast<int32_t>(f + 1));
    from = f + 1;
  }
}

void SentenceSplitter::add_ellipsis_boundaries(std::string_view s) {
  // Three dots continue a sentence; four ("....", ". . . .") before a capital
  // end one. "word. . . . Next" is a period then an ellipsis that opens the next.
  const int32_t n = size32(s);
  for (int32_t i = 0; i < n; ++i) {
    size_t next_dot = s.find('.', static_cast<size_t>(i));
    if (next_dot == std::string_view::npos) break;
    i = static_cast<int32_t>(next_dot);
    int32_t j = i, dots = 0;
    bool spaced = false;
    while (j < n) {
      char c = s[static_cast<size_t>(j)];
      if (c == '.') {
        ++dots;
        ++j;
      } else if (c == ' ' && j + 1 < n && s[static_cast<size_t>(j + 1)] == '.') {
        spaced = true;
        ++j;
      } else {
        break;
      }
    }
    if (dots >= 4) {
      int32_t k = j;
      UChar32 nx = -1;
      while (k < n) {
        int32_t at = k;
        nx = next_cp(s, at);
        if (!is_space(nx) && !is_closer(nx)) break;
        k = at;
      }
      if (k < n && u_isupper(nx)) {
        int32_t before = i;
        bool attached = i > 0 && !is_space(prev_cp(s, 0, before));
        int32_t second = i + 1;  // where the ellipsis after the full stop begins
        while (second < j && s[static_cast<size_t>(second)] == ' ') ++second;
        added_.push_back(attached && spaced ? second : k);
      }
    }
    i = j;
  }
}

void SentenceSplitter::add_number_start_boundaries(std::string_view s) {
  // ICU never ends a sentence before a number ("... kwamen. 81 procent van"):
  // do so after a plain lower-case word (not an abbreviation) when the number
  // is followed by a lower-case word, as a sentence opening with a count is.
  const LangRules& en = english_rules();
  for (size_t i = s.find(". "); i != std::string_view::npos; i = s.find(". ", i + 1)) {
    size_t d = i + 2;
    if (d >= s.size() || !is_ascii_digit(s[d])) continue;
    size_t e = d;
    while (e < s.size() && is_ascii_digit(s[e])) ++e;
    if (e + 1 >= s.size() || s[e] != ' ' || !(s[e + 1] >= 'a' && s[e + 1] <= 'z')) continue;
    size_t w = i;
    while (w > 0 && s[w - 1] >= 'a' && s[w - 1] <= 'z') --w;
    if (i - w < 3 || (w > 0 && s[w - 1] != ' ' && s[w - 1] != ')' && s[w - 1] != '-')) continue;
    std::string_view word = s.substr(w, i - w);
    if (in_list(rules_->abbreviations, rules_->abbreviation_count, word) ||
        in_list(en.abbreviations, en.abbreviation_count, word) ||
        in_list(rules_->number_prefixes, rules_->number_prefix_count, word) ||
        in_list(en.number_prefixes, en.number_prefix_count, word))
      continue;
    added_.push_back(static_cast<int32_t>(d));
  }
}

void SentenceSplitter::split(std::string_view text, size_t begin, size_t end,
                             std::vector<Span>& out) {
  if (end <= begin) return;
  std::string_view s = text.substr(begin, end - begin);
  if (s.size() > static_cast<size_t>(std::numeric_limits<int32_t>::max() / 2)) {
    // ICU indexes with int32_t; a run this long has no sentence structure worth finding.
    out.push_back({begin, end});
    return;
  }
  icu_boundaries(s);
  added_.clear();
  add_list_boundaries(s);
  add_ellipsis_boundaries(s);
  add_number_start_boundaries(s);
  add_web_text_boundaries(s, *rules_, web_scratch_, added_);
  std::sort(added_.begin(), added_.end());

  merged_.clear();
  size_t a = 0, k = 0;
  while (a < icu_.size() || k < added_.size()) {
    if (k < added_.size() && (a >= icu_.size() || added_[k] <= icu_[a])) {
      if (a < icu_.size() && icu_[a] == added_[k]) ++a;
      if (merged_.empty() || merged_.back().pos != added_[k]) merged_.push_back({added_[k], true});
      ++k;
    } else {
      if (merged_.empty() || merged_.back().pos != icu_[a]) merged_.push_back({icu_[a], false});
      ++a;
    }
  }

  const int32_t n = size32(s);
  int32_t seg_start = 0, scanned = 0, title_open = -1, next_lead = -1;
  auto emit = [&](int32_t from, int32_t to) {
    while (from < to) {
      int32_t at = from;
      if (!is_space(next_cp(s, at))) break;
      from = at;
    }
    while (to > from) {
      int32_t at = to;
      if (!is_space(prev_cp(s, from, at))) break;
      to = at;
    }
    if (to > from)
      out.push_back({begin + static_cast<size_t>(from), begin + static_cast<size_t>(to)});
  };
  for (const Candidate& cand : merged_) {
    int32_t b = cand.pos;
    if (b <= seg_start) continue;
    // Track 《…》 up to b: 《 is E3 80 8A, 》 is E3 80 8B.
    // Jumps from one E3 lead byte to the next (most text has none); the next
    // one is remembered, so the text is searched once whatever the candidates.
    for (const int32_t limit = std::min(b - 1, n - 2); scanned < limit; ++scanned) {
      if (next_lead < scanned) {
        size_t lead = s.find('\xE3', static_cast<size_t>(scanned));
        next_lead = lead == std::string_view::npos ? n : static_cast<int32_t>(lead);
      }
      if (next_lead >= limit) {
        scanned = limit;
        break;
      }
      scanned = next_lead;
      if (s[static_cast<size_t>(scanned + 1)] == '\x80') {
        char t = s[static_cast<size_t>(scanned + 2)];
        if (t == '\x8A') title_open = scanned;
        if (t == '\x8B') title_open = -1;
      }
    }
    // Openers glued to the end of the previous sentence belong to the next one.
    // Only when glued to the next word: "Lust.“ Wir" is a German closing “.
    int32_t cut = b;
    while (cut > seg_start) {
      int32_t at = cut;
      if (!is_opener(prev_cp(s, seg_start, at))) break;
      cut = at;
    }
    if (cut <= seg_start) continue;
    // Inside an open 《 (the 《 itself may be the opener just moved past).
    if (title_open >= 0 && title_open < cut && cut - title_open <= kMaxTitleBytes) continue;
    if (!cand.added && !keep_icu_boundary(s, seg_start, b)) continue;
    emit(seg_start, cut);
    seg_start = cut;
  }
  emit(seg_start, n);
}

void SentenceSplitter::split_icu(std::string_view text, size_t begin, size_t end,
                                 std::vector<Span>& out) {
  if (end <= begin) return;
  std::string_view s = text.substr(begin, end - begin);
  icu_boundaries(s);
  size_t from = 0;
  auto emit = [&](size_t f, size_t t) {
    while (f < t && (s[f] == ' ' || s[f] == '\t' || s[f] == '\n' || s[f] == '\r')) ++f;
    while (t > f && (s[t - 1] == ' ' || s[t - 1] == '\t' || s[t - 1] == '\n' || s[t - 1] == '\r'))
      --t;
    if (t > f) out.push_back({begin + f, begin + t});
  };
  for (int32_t b : icu_) {
    emit(from, static_cast<size_t>(b));
    from = static_cast<size_t>(b);
  }
  emit(from, s.size());
}

}  // namespace docpipe::segment_sentences
