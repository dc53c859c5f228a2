#include "conventions.hpp"

#include <string_view>

#include "chars.hpp"

namespace docpipe::segment_words {
namespace {

// Measure words (classifiers) that stand apart after a numeral or demonstrative.
constexpr std::u32string_view classifiers = U"个种位家名部处件项次条座只本张所支句层栋门辆架匹头把台间届场篇首份批群块片类级幅株枚颗根";
// Demonstratives and quantifiers that take a measure word but are not numerals; 每/各/某 form words.
constexpr std::u32string_view determiners = U"这那哪几多半";
// Suffixes split from a dictionary word of two or more characters before them.
constexpr std::u32string_view suffixes = U"市省县区州者家学化语军人会性部处队党馆岛型式界台籍派族";
// Prefixes split from a dictionary word of two or more characters after them.
constexpr std::u32string_view prefixes = U"总副";

// Two-character verb + preposition words the convention splits; whole-word lists because 认为,
// 因为, 由于, 对于 and their like stay whole.
constexpr std::u32string_view split_pairs[] = {
    U"成为", U"作为", U"分为", U"名为", U"称为", U"现为", U"意为", U"列为", U"改为", U"视为", U"译为",
    U"定为", U"选为", U"封为", U"转为", U"变为", U"化为", U"划为", U"位于", U"属于", U"建于", U"作于",
    U"设于", U"生于", U"死于", U"始于", U"见于", U"源于", U"毕业于", U"因此", U"为此",
    U"对此", U"由此", U"来自", U"出自", U"源自", U"相当于", U"隶属于", U"就读于", U"常见于"};

enum : uint8_t { classifier = 1, determiner = 2, suffix = 4, prefix = 8, pair_end = 16 };

// Which roles each BMP character plays, so that the common word (no role) costs one table read.
struct RoleTable {
  uint8_t role[0x10000] = {};
  RoleTable() {
    auto mark = [this](std::u32string_view set, uint8_t r) {
      for (char32_t c : set) role[c] |= r;
    };
    mark(classifiers, classifier);
    mark(determiners, determiner);
    mark(suffixes, suffix);
    mark(prefixes, prefix);
    for (std::u32string_view pair : split_pairs) role[pair.back()] |= pair_end;
  }
  uint8_t operator()(char32_t c) const noexcept { return c < 0x10000 ? role[c] : 0; }
};
const RoleTable roles;

bool is_number_prefix(const char32_t* w, uint32_t n) noexcept {
  uint32_t i = 0;
  if (n > 1 && w[0] == U'第') i = 1;
  if (i == 0 && n == 1 && (roles(w[0]) & determiner) != 0) return true;
  if (i == n) return false;
  for (; i < n; ++i) {
    if (!is_chinese_numeral(w[i])) return false;
  }
  return true;
}

bool is_word(const char32_t* w, uint32_t n, const Dictionary& dict) noexcept {
  return dict.lookup(std::u32string_view(w, n)) != Dictionary::not_a_word;
}

}  // namespace

uint32_t ud_split_point(const char32_t* w, uint32_t n, const Dictionary& dict) noexcept {
  if (n < 2) return 0;
  uint8_t last = roles(w[n - 1]);
  if ((last & pair_end) != 0) {
    std::u32string_view word(w, n);
    for (std::u32string_view pair : split_pairs) {
      if (pair == word) return n - 1;
    }
  }
  if ((last & classifier) != 0 && is_number_prefix(w, n - 1)) return n - 1;
  if (n >= 3 && (last & suffix) != 0 && is_word(w, n - 1, dict)) return n - 1;
  if (n >= 3 && (roles(w[0]) & prefix) != 0 && is_word(w + 1, n - 1, dict)) return 1;
  return 0;
}

}  // namespace docpipe::segment_words
