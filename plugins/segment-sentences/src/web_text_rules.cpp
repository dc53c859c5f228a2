// One pass over the whitespace-separated tokens of a unit; each rule looks
// at a token and its neighbours only, so the cost is linear in the text (the
// numbered-item rule looks ahead a bounded number of tokens).
#include "web_text_rules.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace docpipe::segment_sentences {
namespace {

using sv = std::string_view;

// How far "1)" looks for its "2)" (tokens), so a long unit stays linear.
constexpr size_t kMaxItemTokens = 200;
// Words of a greeting's name ("Hi John Smith,").
constexpr size_t kMaxGreetingNames = 3;
// How far back a closing bracket looks for its opening (tokens).
constexpr size_t kMaxBracketTokens = 12;
// A separator run glued to a word ("News==----"), at least this long.
constexpr size_t kMinGluedRun = 6;

// Byte classes that decide which rules a token can trigger (one lookup each).
enum : uint16_t {
  kDigit = 1,
  kSeparator = 2,     // * = _ - ~ #
  kTerminator = 4,    // . ? !
  kFace = 8,          // first byte of an emoticon: : ; X ^ <
  kUpper = 16,        // A-Z, and any non-ASCII byte (checked exactly later)
  kLinkHead = 32,     // h w: may open "http", "www."
  kComma = 64,        // , : may close a sign-off
  kCloser = 128,      // ) ] : may close a bracketed line
  kLinkStart = 256,   // h w H W < " ( [ : may open a link token
  kBulletLead = 512,  // E2: first byte of the bullets "•" and "⁃"
};
constexpr std::array<uint16_t, 256> kByteClass = [] {
  std::array<uint16_t, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[static_cast<size_t>(c)] |= kDigit;
  for (char c : {'*', '=', '_', '-', '~', '#'}) t[static_cast<unsigned char>(c)] |= kSeparator;
  for (char c : {'.', '?', '!'}) t[static_cast<unsigned char>(c)] |= kTerminator;
  for (char c : {':', ';', 'X', '^', '<'}) t[static_cast<unsigned char>(c)] |= kFace;
  for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<size_t>(c)] |= kUpper;
  for (int c = 0x80; c <= 0xFF; ++c) t[static_cast<size_t>(c)] |= kUpper;
  t['h'] |= kLinkHead;
  t['w'] |= kLinkHead;
  t[','] |= kComma;
  t[')'] |= kCloser;
  t[']'] |= kCloser;
  for (char c : {'h', 'w', 'H', 'W', '<', '"', '(', '['})
    t[static_cast<unsigned char>(c)] |= kLinkStart;
  t[0xE2] |= kBulletLead;
  return t;
}();
uint16_t byte_class(char c) { return kByteClass[static_cast<unsigned char>(c)]; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_ascii_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_terminator(char c) { return c == '.' || c == '?' || c == '!'; }
bool is_separator_char(char c) { return (byte_class(c) & kSeparator) != 0; }

UChar32 first_cp(sv t) {
  int32_t i = 0;
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(t.data()), i, static_cast<int32_t>(t.size()), c);
  return c;
}

// Whether t opens with an upper-case (or lower-case) letter: ASCII by a
// comparison, anything else through ICU.
bool starts_cased(sv t, bool upper) {
  if (t.empty()) return false;
  auto c = static_cast<unsigned char>(t[0]);
  if (c < 0x80) return upper ? is_ascii_upper(t[0]) : is_ascii_lower(t[0]);
  UChar32 cp = first_cp(t);
  return cp >= 0 && (upper ? u_isupper(cp) : u_islower(cp));
}
bool starts_upper(sv t) { return starts_cased(t, true); }
bool starts_lower(sv t) { return starts_cased(t, false); }

bool ends_with_terminator(sv t) { return !t.empty() && is_terminator(t.back()); }

bool iequals(sv a, sv b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x | 0x20) == (y | 0x20);
         });
}

bool istarts_with(sv t, sv prefix) {
  return t.size() >= prefix.size() && iequals(t.substr(0, prefix.size()), prefix);
}

// Digits and one separator: "08/16/2000" (2, 2, 2-4 digits), "12:05" or "03:14:14".
bool digit_groups(sv t, char sep, size_t groups_min, size_t groups_max, size_t last_min,
                  size_t last_max) {
  size_t groups = 0, i = 0;
  while (i <= t.size()) {
    size_t start = i;
    while (i < t.size() && is_digit(t[i])) ++i;
    size_t len = i - start;
    ++groups;
    bool last = i == t.size();
    if (len == 0 || (!last && len > 2) || (last && (len < last_min || len > last_max)))
      return false;
    if (last) return groups >= groups_min && groups <= groups_max;
    if (t[i] != sep) return false;
    ++i;
  }
  return false;
}
bool is_date(sv t) { return digit_groups(t, '/', 3, 3, 2, 4); }
bool is_time(sv t) { return digit_groups(t, ':', 2, 3, 2, 2); }
bool is_meridiem(sv t) {
  return iequals(t, "am") || iequals(t, "pm") || iequals(t, "a.m.") || iequals(t, "p.m.");
}

// "***", "=====", "----==", "__________": a line drawn with symbols.
size_t leading_separators(sv t) {
  size_t i = 0;
  while (i < t.size() && is_separator_char(t[i])) ++i;
  return i;
}
size_t trailing_separators(sv t) {
  size_t i = t.size();
  while (i > 0 && is_separator_char(t[i - 1])) --i;
  return t.size() - i;
}

// Western emoticons as written in mail and forums; a trailing full stop or
// comma may follow ("community :-).").
bool is_emoticon(sv t) {
  while (!t.empty() && (t.back() == '.' || t.back() == ',' || t.back() == '!')) t.remove_suffix(1);
  static constexpr std::array<sv, 22> faces{
      sv(":)"), sv(":-)"), sv(":("), sv(":-("), sv(";)"), sv(";-)"), sv(":P"), sv(":-P"),
      sv(":p"), sv(":-p"), sv(":D"), sv(":-D"), sv(":/"), sv(":-/"), sv(":o"), sv(":O"),
      sv(";P"), sv(";D"),  sv("XD"), sv("^_^"), sv("<3"), sv(":|")};
  return std::find(faces.begin(), faces.end(), t) != faces.end();
}

// "http://…", "www.…" (a bare address).
bool is_url(sv t) {
  return istarts_with(t, "http://") || istarts_with(t, "https://") || istarts_with(t, "www.");
}

// A URL or an e-mail address: "<name@host.org>", "\"Ann\"<ann@host.org>".
bool is_link(sv t) {
  while (!t.empty() &&
         (t.front() == '<' || t.front() == '(' || t.front() == '[' || t.front() == '"'))
    t.remove_prefix(1);
  if (t.size() < 4) return false;
  char c = static_cast<char>(t[0] | 0x20);
  if ((c == 'h' || c == 'w') && is_url(t)) return true;
  size_t at = t.find('@');
  if (at == sv::npos || at == 0) return false;
  size_t dot = t.find('.', at + 2);
  return dot != sv::npos && dot + 1 < t.size() && at + 1 < t.size() && t[at + 1] != '.';
}
// A link that ends its clause ("…, www.x.com, where" does not).
bool is_closing_link(sv t) {
  char last = t.empty() ? ' ' : t.back();
  return is_link(t) && last != ',' && last != ';' && last != ':';
}

// The pronoun "I" (with "I'm", "I've", …) opens no sentence by its case after an ellipsis.
bool is_pronoun_i(sv t) {
  return t == "I" ||
         (t.size() > 1 && t[0] == 'I' && (t[1] == '\'' || t.substr(1, 3) == "\xE2\x80\x99"));
}

void lower_word(sv t, std::array<char, 16>& buf, sv& out) {
  size_t n = std::min(t.size(), buf.size());
  for (size_t i = 0; i < n; ++i)
    buf[i] = static_cast<char>(is_ascii_upper(t[i]) ? t[i] | 0x20 : t[i]);
  out = sv(buf.data(), t.size() <= buf.size() ? n : 0);
}

// Closing formulas of letters and mail, and the words that may precede them
// ("Best regards,", "Many thanks,", "Take care,"). Sorted.
constexpr std::array<sv, 13> kValedictions{
    sv("best"),         sv("cheers"),    sv("cordially"), sv("love"),     sv("regards"),
    sv("respectfully"), sv("sincerely"), sv("thanks"),    sv("thankyou"), sv("thx"),
    sv("truly"),        sv("wishes"),    sv("yours")};
constexpr std::array<sv, 10> kValedictionLeads{sv("all"),  sv("best"), sv("kind"), sv("kindest"),
                                               sv("many"), sv("take"), sv("warm"), sv("warmest"),
                                               sv("with"), sv("yours")};
constexpr std::array<sv, 5> kGreetings{sv("dear"), sv("greetings"), sv("hello"), sv("hey"),
                                       sv("hi")};

bool in_sorted(const auto& list, sv w) { return std::binary_search(list.begin(), list.end(), w); }

class Pass {
 public:
  Pass(sv s, const LangRules& rules, const Token* tokens, size_t n, std::vector<int32_t>& added)
      : s_(s), rules_(rules), tokens_(tokens), n_(n), added_(added) {}

  // Each rule is tried only when the first or last byte of a token can start
  // its pattern, so most tokens cost a few comparisons.
  // Two passes: a branch-free one that picks the tokens whose bytes can
  // trigger a rule (a fifth of them in English prose), then the rules on
  // those alone. Branching per token would cost a mispredicted branch for
  // most of them.
  void run(std::vector<uint32_t>& picked) {
    const size_t n = n_;
    if (n == 0) return;
    if (picked.size() < n) picked.resize(n);
    size_t m = 0;
    uint16_t prev_last = 0;
    uint16_t first = byte_class(s_[static_cast<size_t>(tokens_[0].begin)]);
    for (size_t k = 0; k < n; ++k) {
      uint16_t last = byte_class(s_[static_cast<size_t>(tokens_[k].end - 1)]);
      size_t next_at = static_cast<size_t>(tokens_[k + 1 < n ? k + 1 : k].begin);
      uint16_t next = k + 1 < n ? byte_class(s_[next_at]) : 0;
      uint16_t link_head = (first & kLinkStart) != 0 ? next & (kUpper | kLinkHead) : 0;
      uint16_t triggers = (first & (kDigit | kSeparator | kFace | kBulletLead)) |
                          (last & (kSeparator | kComma | kCloser)) |
                          (prev_last & (kTerminator | kUpper)) | link_head;
      picked[m] = static_cast<uint32_t>(k);
      m += triggers != 0 ? 1 : 0;
      first = next;
      prev_last = last;
    }
    for (size_t i = 0; i < m; ++i) apply(picked[i]);
    // E-mail addresses start with any letter: found by their '@' instead.
    for (size_t at = s_.find('@'); at != sv::npos;) {
      const Token* after =
          std::upper_bound(tokens_, tokens_ + n, static_cast<int32_t>(at),
                           [](int32_t pos, const Token& t) { return pos < t.begin; });
      size_t k = static_cast<size_t>(after - tokens_) - 1;  // the token holding the '@'
      if (k + 1 < n) {
        sv next = tok(k + 1);
        if (starts_upper(next) || is_url(next)) link(k, tok(k));
      }
      at = s_.find('@', static_cast<size_t>(tokens_[k].end));
    }
  }

  void apply(size_t k) {
    sv t = tok(k);
    uint16_t first = byte_class(t.front()), last = byte_class(t.back());
    if (k + 1 < n_) {
      sv next = tok(k + 1);
      uint16_t next_class = byte_class(next.front());
      if (first & kDigit) timestamp(k, t);
      if (first & kFace) emoticon(k, t);
      if ((first & kLinkStart) &&
          ((next_class & kUpper) || ((next_class & kLinkHead) && is_url(next))))
        link(k, t);
      if (last & kComma) sign_off(k, t);
      if ((last & kCloser) && (next_class & kUpper)) bracketed_line(k);
    }
    if ((first | last) & kSeparator) separator(k, t);
    if (k > 0) {
      char prev_last = tok(k - 1).back();
      if (is_terminator(prev_last)) {
        lower_case_start(k, t);
        if (prev_last == '.') ellipsis(k, t);
      } else if (prev_last == '\xA6') {
        ellipsis(k, t);
      }
      if (t.size() == 2 && t[0] == '1') numbered_items(k, t);
      if (first & kBulletLead) bullet(k, t);
    }
  }

 private:
  sv tok(size_t k) const {
    return s_.substr(static_cast<size_t>(tokens_[k].begin),
                     static_cast<size_t>(tokens_[k].end - tokens_[k].begin));
  }
  void before(size_t k) {
    if (k > 0 && k < n_) added_.push_back(tokens_[k].begin);
  }
  bool sentence_start(size_t k) const {
    if (k == 0) return true;
    sv p = tok(k - 1);
    return ends_with_terminator(p) || p.back() == ')' || p.back() == ':';
  }

  // An e-mail header line: "Kay Mann 04/26/2001 07:17 AM Will you …". The
  // stamp stands alone unless a lower-case word leads into it ("on 08/16/2000").
  void timestamp(size_t k, sv t) {
    if (!is_date(t) || !is_time(tok(k + 1))) return;
    size_t last = k + 1;
    if (last + 1 < n_ && is_meridiem(tok(last + 1))) ++last;
    bool inline_stamp = k > 0 && starts_lower(tok(k - 1));
    if (!inline_stamp) before(k);
    if (last + 1 < n_ && (!inline_stamp || starts_upper(tok(last + 1)))) before(last + 1);
  }

  // "*** Bush also …", "==== \"The information …". A dash line before a
  // lower-case word is a dash inside the sentence ("to CPS --- do you").
  void separator(size_t k, sv t) {
    size_t lead = leading_separators(t), trail = trailing_separators(t);
    bool whole = lead == t.size();
    if (whole) {
      bool dashes = t.find_first_not_of('-') == sv::npos;
      bool after_end = k > 0 && ends_with_terminator(tok(k - 1));
      if (t.size() < 3 && !(t.size() == 2 && after_end)) return;
      if (dashes && !after_end && t.size() < 4) return;
      // A blank to fill in ("name ___ here") is no line of its own.
      // At the end of a unit, a line after unfinished text decorates it.
      bool next_opens = k + 1 < n_ && (starts_upper(tok(k + 1)) || tok(k + 1).front() == '"' ||
                                       is_separator_char(tok(k + 1).front()));
      if (!after_end && !next_opens && k > 0 && !is_separator_char(tok(k - 1).back())) return;
      if (k + 1 < n_ && starts_lower(tok(k + 1))) return;
      before(k);
      before(k + 1);
      return;
    }
    // Glued to a word, a short run is a censored word ("Dia****"), not a line.
    if (lead >= kMinGluedRun) before(k);
    if (trail >= kMinGluedRun && k + 1 < n_ && !starts_lower(tok(k + 1))) before(k + 1);
  }

  // "…atom03] (New Scientist Space) NASA is looking", "(See attached file:
  // a.doc) Regards,": a bracketed group that opens a sentence and is
  // followed by a capital is a line of its own (a source, a caption, an
  // attachment). One inside a sentence is not ("the UN (United Nations) Secretary").
  void bracketed_line(size_t k) {
    if (!starts_upper(tok(k + 1))) return;
    char close = tok(k).back();
    char open = close == ')' ? '(' : '[';
    size_t j = k;
    for (;;) {
      if (tok(j).front() == open) break;
      if (j == 0 || k - j >= kMaxBracketTokens) return;
      --j;
    }
    // A one-word group opening the unit is a marker of its first sentence:
    // a note number ("[1] Alarm fatigue"), an agency ("(CNN) President").
    if (j == 0 && j == k) return;
    if (j > 0) {
      sv p = tok(j - 1);
      char end = p.back();
      if (!(is_terminator(end) || end == ')' || end == ']' || end == '>' || is_link(p))) return;
    }
    before(j);
    before(k + 1);
  }

  // "• 9. The first item • 10. The second item": a bullet after a space opens an item.
  void bullet(size_t k, sv t) {
    sv lead = t.substr(0, 3);
    if (lead == "\xE2\x80\xA2" || lead == "\xE2\x81\x83") before(k);
  }

  // "… and community :-) Posted by …": the face closes its sentence.
  void emoticon(size_t k, sv t) {
    if (!is_emoticon(t)) return;
    sv next = tok(k + 1);
    unsigned char c = static_cast<unsigned char>(next[0]);
    if (c >= 0x80 || std::isalnum(c) || c == '"' || c == '\'' || c == '(' || c == '\\' || c == '<')
      before(k + 1);
  }

  // "… pages.html It is a starting place", "…21big.html http://…": a link
  // followed by a capitalised word or another link ends its line.
  void link(size_t k, sv t) {
    if (!is_closing_link(t)) return;
    sv next = tok(k + 1);
    if (starts_upper(next) || is_url(next)) before(k + 1);
  }

  // "Regards, Debra", "Thanks, Sean", "Hi John, Thanks for …", "Dear All, My …".
  void sign_off(size_t k, sv t) {
    if (t.size() < 2 || t.back() != ',' || !starts_upper(tok(k + 1))) return;
    sv next = tok(k + 1);
    // "Thanks, John, for the tip": the name is addressed inside a sentence.
    if (next.back() == ',') return;
    std::array<char, 16> buf{};
    sv word;
    lower_word(t.substr(0, t.size() - 1), buf, word);
    size_t first = k;
    bool closing = false;
    if (in_sorted(kValedictions, word)) {
      closing = true;
      if (k > 0) {
        std::array<char, 16> buf2{};
        sv lead;
        lower_word(tok(k - 1), buf2, lead);
        if (in_sorted(kValedictionLeads, lead) || lead == "thank") first = k - 1;
      }
    } else {
      // A greeting: "Hi,", or "Hi" and up to three capitalised names, the last with the comma.
      for (size_t names = 0; names <= kMaxGreetingNames && names <= k; ++names) {
        size_t g = k - names;
        sv cand = g == k ? t.substr(0, t.size() - 1) : tok(g);
        std::array<char, 16> buf2{};
        sv w;
        lower_word(cand, buf2, w);
        if (in_sorted(kGreetings, w)) {
          closing = true;
          first = g;
          break;
        }
        if (!starts_upper(cand) || (g != k && cand.back() == ',')) break;
      }
    }
    if (!closing || !starts_upper(tok(first)) || !sentence_start(first)) return;
    before(first);
    before(k + 1);
  }

  // "you grow up? india?", "… if anyone is interested. jill allen …": in
  // informal text a sentence may open in lower case. Not after an
  // abbreviation ("Co. at noon", "etc. and"), an initialism ("e.g. the"),
  // a capitalised word ("Yahoo! in", "Inc. of") or inside quotes ("great." she).
  void lower_case_start(size_t k, sv t) {
    if (!rules_.lower_case_starts || !starts_lower(t)) return;
    sv p = tok(k - 1);
    size_t run = 0;
    while (run < p.size() && is_terminator(p[p.size() - 1 - run])) ++run;
    if (run == 0) return;
    sv marks = p.substr(p.size() - run);
    sv word = p.substr(0, p.size() - run);
    if (word.empty() && k >= 2) {  // "as i do ? i dont"
      word = tok(k - 2);
      if (ends_with_terminator(word)) return;
    }
    if (word.empty()) return;
    bool question = marks.find('?') != sv::npos;
    bool exclaim = marks.find('!') != sv::npos;
    // "E-mail:? ann@…": a mark after a colon stands for a lost character.
    if (word.back() == ':') return;
    if (question) {
      before(k);
      return;
    }
    if (starts_upper(word)) return;
    if (exclaim) {
      before(k);
      return;
    }
    if (marks.size() != 1 || word.size() < 2 || word.find('.') != sv::npos) return;
    char last = word.back();
    if (!(is_ascii_lower(last) || is_digit(last))) return;
    std::array<char, 16> buf{};
    sv lower;
    lower_word(word, buf, lower);
    if (lower.empty()) {
      before(k);  // longer than any abbreviation
      return;
    }
    const LangRules& en = english_rules();
    if (in_list(rules_.titles, rules_.title_count, lower) ||
        in_list(en.titles, en.title_count, lower) ||
        in_list(rules_.abbreviations, rules_.abbreviation_count, lower) ||
        in_list(en.abbreviations, en.abbreviation_count, lower) ||
        in_list(rules_.number_prefixes, rules_.number_prefix_count, lower) ||
        in_list(en.number_prefixes, en.number_prefix_count, lower) ||
        is_lower_case_abbreviation(lower))
      return;
    before(k);
  }

  // "in peace... In fact", "Inc.. On or about", "the region . . . This":
  // two or three dots before a capital end the sentence, except before the
  // pronoun I ("what I'm saying . . . I didn't mean it"). Four or more are
  // decided by the splitter's ellipsis rule.
  void ellipsis(size_t k, sv t) {
    if (!(starts_upper(t) || is_url(t)) || is_pronoun_i(t)) return;
    sv p = tok(k - 1);
    // "“… Hadap sesuatu": an ellipsis opening the unit ends nothing.
    if (k == 1 && std::none_of(p.begin(), p.end(),
                               [](char c) { return std::isalnum(static_cast<unsigned char>(c)); }))
      return;
    size_t dots = 0;
    while (dots < p.size() && p[p.size() - 1 - dots] == '.') ++dots;
    bool unicode = p.size() >= 3 && p.substr(p.size() - 3) == "\xE2\x80\xA6";  // …
    if (dots == p.size() && dots == 1) {
      // Spaced: count the dots of ". . ." back to the word.
      size_t j = k - 1, total = 0;
      while (j > 0 && tok(j) == ".") {
        ++total;
        --j;
      }
      if (tok(j) == ".") return;
      size_t word_dots = 0;
      sv w = tok(j);
      while (word_dots < w.size() && w[w.size() - 1 - word_dots] == '.') ++word_dots;
      if (total + word_dots != 3) return;
      before(k);
      return;
    }
    if (unicode || dots >= 2) before(k);
  }

  // "… for four nights 1) what island … 2) I would like …": items numbered
  // inside a unit, when "2)" follows "1)".
  void numbered_items(size_t k, sv t) {
    if (t != "1)") return;
    size_t expect = 2, last = k;
    bool found = false;
    std::array<char, 4> marker{};
    for (size_t j = k + 1; j < n_ && j - last <= kMaxItemTokens && expect < 100; ++j) {
      size_t len = 0;
      if (expect >= 10) marker[len++] = static_cast<char>('0' + expect / 10);
      marker[len++] = static_cast<char>('0' + expect % 10);
      marker[len++] = ')';
      if (tok(j) != sv(marker.data(), len)) continue;
      if (!found) before(k);
      found = true;
      before(j);
      last = j;
      ++expect;
    }
  }

  sv s_;
  const LangRules& rules_;
  const Token* tokens_;
  size_t n_;
  std::vector<int32_t>& added_;
};

// Bit i set: p[i] <= ' ' (a space, a line break, any control character),
// for the 64 bytes at p.
uint64_t space_mask(const char* p) {
#if defined(__SSE2__)
  const __m128i above_space = _mm_set1_epi8(0x21);
  uint64_t mask = 0;
  for (int j = 0; j < 4; ++j) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * j));
    // Bytes >= 0x21 (unsigned) are those equal to their max with 0x21.
    auto printable =
        static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_max_epu8(v, above_space), v)));
    mask |= static_cast<uint64_t>(~printable & 0xFFFFu) << (16 * j);
  }
  return mask;
#else
  uint64_t mask = 0;
  for (int j = 0; j < 64; ++j)
    mask |= static_cast<uint64_t>(static_cast<unsigned char>(p[j]) <= ' ') << j;
  return mask;
#endif
}

// Stores base + the index of each set bit of `bits` into out[count...].field,
// four at a time: the loop runs popcount/4 rounds, which a branch predictor
// follows far better than one round per bit. Writes up to 3 entries past
// the new count (the caller keeps room). Returns the new count.
size_t write_positions(uint64_t bits, size_t base, Token* out, size_t count,
                       int32_t Token::*field) {
  const auto total = static_cast<size_t>(__builtin_popcountll(bits));
  for (size_t done = 0; done < total; done += 4) {
    for (int j = 0; j < 4; ++j) {
      out[count + done + static_cast<size_t>(j)].*field =
          static_cast<int32_t>(base + static_cast<size_t>(__builtin_ctzll(bits | (1ULL << 63))));
      bits &= bits - 1;
    }
  }
  return count + total;
}

// Splits s at runs of bytes <= ' ' into tokens[0, count), 64 bytes at a time:
// the starts and ends of tokens are read off the space masks, so the cost
// does not depend on where the spaces fall. Returns the count.
size_t tokenize(std::string_view s, std::vector<Token>& tokens) {
  const size_t n = s.size();
  Token* out = tokens.data();
  size_t begins = 0, ends = 0;
  uint64_t space_before = 1, word_before = 0;  // the text is preceded by a space
  for (size_t base = 0; base < n; base += 64) {
    // 64 bytes start at most 32 tokens; write_positions writes up to 4 past them.
    if (tokens.size() < begins + 40) {
      tokens.resize(std::max<size_t>(tokens.size() * 2, begins + 64));
      out = tokens.data();
    }
    uint64_t space;
    if (base + 64 <= n) {
      space = space_mask(s.data() + base);
    } else {
      std::array<char, 64> tail;
      tail.fill(' ');
      std::memcpy(tail.data(), s.data() + base, n - base);
      space = space_mask(tail.data());
    }
    uint64_t word = ~space;
    uint64_t starts = word & ((space << 1) | space_before);
    uint64_t end_marks = space & ((word << 1) | word_before);  // the space after a token
    begins = write_positions(starts, base, out, begins, &Token::begin);
    ends = write_positions(end_marks, base, out, ends, &Token::end);
    space_before = space >> 63;
    word_before = word >> 63;
  }
  if (ends < begins) out[ends++].end = static_cast<int32_t>(n);  // a token ending the text
  return begins;
}

}  // namespace

void add_web_text_boundaries(std::string_view s, const LangRules& rules, WebTextScratch& scratch,
                             std::vector<int32_t>& added) {
  size_t count = tokenize(s, scratch.tokens);
  Pass(s, rules, scratch.tokens.data(), count, added).run(scratch.picked);
}

}  // namespace docpipe::segment_sentences
