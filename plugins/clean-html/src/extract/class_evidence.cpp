#include "class_evidence.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "ascii.hpp"

namespace docpipe::clean_html {
namespace {

// Each byte of a class or id value as a token character, lower-cased, or 0
// for a separator: one lookup per byte in the loop that runs over every
// class and id of a page.
constexpr auto kTokenChar = [] {
  std::array<char, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[static_cast<size_t>(c)] = static_cast<char>(c);
  for (int c = 'a'; c <= 'z'; ++c) {
    t[static_cast<size_t>(c)] = static_cast<char>(c);
    t[static_cast<size_t>(c - 'a' + 'A')] = static_cast<char>(c);
  }
  return t;
}();
char token_char(char c) { return kTokenChar[static_cast<unsigned char>(c)]; }

// `weak` words also name taxonomies on article containers (WordPress puts
// "tag-x author-y" on the <article>): they count only where nothing says
// article.
enum class TokenClass : uint8_t {
  neutral,
  positive,
  boilerplate,
  weak,
  embed,
  comments,
  invisible
};

struct Rule {
  std::string_view word;
  TokenClass cls;
};

// Whole tokens of class/id values ("entry-meta" is the tokens entry, meta).
// Short words must match whole: "ad" would otherwise hit "head" and "load".
constexpr std::array kWholeTokens{
    Rule{"article", TokenClass::positive},
    Rule{"content", TokenClass::positive},
    Rule{"entry", TokenClass::positive},
    Rule{"post", TokenClass::positive},
    Rule{"story", TokenClass::positive},
    Rule{"text", TokenClass::positive},
    Rule{"body", TokenClass::positive},
    Rule{"main", TokenClass::positive},
    Rule{"blog", TokenClass::positive},
    Rule{"news", TokenClass::positive},
    Rule{"detail", TokenClass::positive},
    Rule{"prose", TokenClass::positive},
    // Chinese CMSs: 正文 ("zw"), TRS's editor container, "txt".
    Rule{"zw", TokenClass::positive},
    Rule{"trs", TokenClass::positive},
    Rule{"txt", TokenClass::positive},
    Rule{"foot", TokenClass::boilerplate},
    Rule{"bottom", TokenClass::weak},
    Rule{"articlebody", TokenClass::positive},
    Rule{"maincontent", TokenClass::positive},
    Rule{"nav", TokenClass::boilerplate},
    Rule{"menu", TokenClass::boilerplate},
    Rule{"submenu", TokenClass::boilerplate},
    Rule{"ad", TokenClass::boilerplate},
    Rule{"ads", TokenClass::boilerplate},
    Rule{"adv", TokenClass::boilerplate},
    Rule{"banner", TokenClass::boilerplate},
    Rule{"aside", TokenClass::boilerplate},
    Rule{"masthead", TokenClass::boilerplate},
    Rule{"tags", TokenClass::weak},
    Rule{"tag", TokenClass::weak},
    Rule{"meta", TokenClass::weak},
    Rule{"byline", TokenClass::weak},
    Rule{"author", TokenClass::weak},
    Rule{"pager", TokenClass::boilerplate},
    Rule{"paging", TokenClass::boilerplate},
    Rule{"toolbar", TokenClass::boilerplate},
    Rule{"tools", TokenClass::weak},
    Rule{"print", TokenClass::weak},
    Rule{"login", TokenClass::boilerplate},
    Rule{"popup", TokenClass::boilerplate},
    Rule{"modal", TokenClass::boilerplate},
    Rule{"overlay", TokenClass::boilerplate},
    Rule{"trending", TokenClass::boilerplate},
    Rule{"popular", TokenClass::boilerplate},
    Rule{"mostread", TokenClass::boilerplate},
    Rule{"more", TokenClass::weak},
    Rule{"gdpr", TokenClass::boilerplate},
    Rule{"consent", TokenClass::boilerplate},
    Rule{"signup", TokenClass::boilerplate},
    Rule{"skip", TokenClass::weak},
    Rule{"credit", TokenClass::boilerplate},
    Rule{"credits", TokenClass::boilerplate},
    Rule{"figure", TokenClass::boilerplate},
    Rule{"copyright", TokenClass::boilerplate},
    Rule{"respond", TokenClass::comments},
    Rule{"reply", TokenClass::comments},
    Rule{"replies", TokenClass::comments},
    Rule{"discussion", TokenClass::comments},
    Rule{"embed", TokenClass::embed},
    Rule{"embedded", TokenClass::embed},
    Rule{"offscreen", TokenClass::invisible},
    Rule{"visuallyhidden", TokenClass::invisible},
};

// Prefixes of tokens: "comments", "commentlist", "sharebar", "sidebar-left".
constexpr std::array kPrefixes{
    Rule{"comment", TokenClass::comments},
    Rule{"disqus", TokenClass::comments},
    Rule{"share", TokenClass::boilerplate},
    Rule{"sharing", TokenClass::boilerplate},
    Rule{"social", TokenClass::boilerplate},
    Rule{"sidebar", TokenClass::boilerplate},
    Rule{"related", TokenClass::boilerplate},
    Rule{"recommend", TokenClass::boilerplate},
    Rule{"newsletter", TokenClass::boilerplate},
    Rule{"subscri", TokenClass::boilerplate},
    Rule{"advert", TokenClass::boilerplate},
    Rule{"sponsor", TokenClass::boilerplate},
    Rule{"cookie", TokenClass::boilerplate},
    Rule{"breadcrumb", TokenClass::boilerplate},
    Rule{"footer", TokenClass::boilerplate},
    Rule{"navbar", TokenClass::boilerplate},
    Rule{"navigation", TokenClass::boilerplate},
    Rule{"promo", TokenClass::boilerplate},
    Rule{"widget", TokenClass::weak},
    Rule{"pagination", TokenClass::boilerplate},
    Rule{"taboola", TokenClass::boilerplate},
    Rule{"outbrain", TokenClass::boilerplate},
    Rule{"paywall", TokenClass::boilerplate},
    Rule{"caption", TokenClass::boilerplate},
    Rule{"gallery", TokenClass::boilerplate},
    Rule{"teaser", TokenClass::boilerplate},
    Rule{"excerpt", TokenClass::boilerplate},
    Rule{"slideshow", TokenClass::boilerplate},
};

// Token lookups run for every class and id token of every element of
// every page: an open-addressing table on a hash computed while the token
// is lower-cased, so a miss (nearly every token) costs one probe.
constexpr uint32_t fnv1a_step(uint32_t h, char c) {
  return (h ^ static_cast<unsigned char>(c)) * 16777619u;
}
constexpr uint32_t kFnvSeed = 2166136261u;
constexpr size_t kTableSize = 256;  // power of two, > 3x the words

constexpr uint32_t hash_of(std::string_view s) {
  uint32_t h = kFnvSeed;
  for (char c : s) h = fnv1a_step(h, c);
  return h;
}

constexpr auto kTokenTable = [] {
  std::array<uint8_t, kTableSize> t{};  // index + 1 into kWholeTokens, 0 = empty
  for (size_t i = 0; i < kWholeTokens.size(); ++i) {
    size_t slot = hash_of(kWholeTokens[i].word) & (kTableSize - 1);
    while (t[slot] != 0) slot = (slot + 1) & (kTableSize - 1);
    t[slot] = static_cast<uint8_t>(i + 1);
  }
  return t;
}();

// The prefixes by first letter, so that a token is compared with the two
// or three that could match rather than all of them.
constexpr size_t kMaxPrefixesPerLetter = 8;
struct PrefixBucket {
  uint8_t count = 0;
  std::array<uint8_t, kMaxPrefixesPerLetter> rules{};
};
constexpr auto kPrefixBuckets = [] {
  std::array<PrefixBucket, 26> buckets{};
  for (size_t i = 0; i < kPrefixes.size(); ++i) {
    PrefixBucket& b = buckets[static_cast<size_t>(kPrefixes[i].word[0] - 'a')];
    // A ninth prefix on one letter fails the build here (index out of range).
    b.rules[b.count++] = static_cast<uint8_t>(i);
  }
  return buckets;
}();

TokenClass classify_token(std::string_view token, uint32_t hash) {
  for (size_t slot = hash & (kTableSize - 1); kTokenTable[slot] != 0;
       slot = (slot + 1) & (kTableSize - 1)) {
    const Rule& r = kWholeTokens[kTokenTable[slot] - 1];
    if (r.word == token) return r.cls;
  }
  if (token.size() >= 5 && token[0] >= 'a' && token[0] <= 'z') {
    const PrefixBucket& b = kPrefixBuckets[static_cast<size_t>(token[0] - 'a')];
    for (size_t k = 0; k < b.count; ++k) {
      const Rule& r = kPrefixes[b.rules[k]];
      if (token.size() >= r.word.size() && token.substr(0, r.word.size()) == r.word) return r.cls;
    }
  }
  return TokenClass::neutral;
}

struct Tally {
  int positive = 0;
  bool boilerplate = false;
  bool weak = false;
  bool embed = false;
  bool comments = false;
  bool invisible = false;
  void add(TokenClass c) {
    switch (c) {
      case TokenClass::positive:
        ++positive;
        break;
      case TokenClass::boilerplate:
        boilerplate = true;
        break;
      case TokenClass::weak:
        weak = true;
        break;
      case TokenClass::embed:
        embed = true;
        break;
      case TokenClass::comments:
        comments = true;
        break;
      case TokenClass::invisible:
        invisible = true;
        break;
      case TokenClass::neutral:
        break;
    }
  }
};

// Splits a class or id value into lower-case alphanumeric tokens; a
// camelCase boundary does not split ("articleBody" is one token, as the
// whole-token table expects).
void tally_tokens(std::string_view value, Tally& tally) {
  std::array<char, 32> buf{};
  size_t i = 0;
  while (i < value.size()) {
    while (i < value.size() && token_char(value[i]) == 0) ++i;
    const size_t start = i;
    size_t n = 0;
    bool too_long = false;
    uint32_t hash = kFnvSeed;
    for (char c; i < value.size() && (c = token_char(value[i])) != 0; ++i) {
      if (n < buf.size()) {
        buf[n++] = c;
        hash = fnv1a_step(hash, c);
      } else {
        too_long = true;
      }
    }
    std::string_view token(buf.data(), n);
    if (n > 0 && !too_long) tally.add(classify_token(token, hash));
    // A bare "hidden" class hides; "hidden-xs" and the like only hide on
    // some screens, so they are not taken as invisible.
    // ("field-label-hidden" hides a label, not the field).
    bool whole_word =
        (start == 0 || value[start - 1] == ' ') && (i == value.size() || value[i] == ' ');
    if (token == "hidden" && whole_word) tally.invisible = true;
    // Screen-reader-only text: "sr-only", "screen-reader-text".
    if (n == 2 && buf[0] == 's' && buf[1] == 'r' && value.substr(i).starts_with("-only")) {
      tally.invisible = true;
    }
  }
}

}  // namespace

Evidence class_evidence(HtmlNode element) {
  Tally tally;
  int score = 0;
  switch (element.tag()) {
    case Tag::article:
      score += 2;
      break;
    case Tag::main:
      score += 2;
      break;
    case Tag::nav:
    case Tag::aside:
    case Tag::footer:
      tally.boilerplate = true;
      break;
    default:
      break;
  }
  for (HtmlAttribute a = element.first_attribute(); a; a = a.next()) {
    std::string_view name = a.name();
    // Most attributes are none of these four: reject them on length and
    // first letter before comparing strings.
    if (name.size() < 2 || name.size() > 8 || (name[0] != 'c' && name[0] != 'i' && name[0] != 'r'))
      continue;
    if (name == "class" || name == "id") {
      tally_tokens(a.value(), tally);
    } else if (name == "itemprop") {
      if (iequals(a.value(), "articleBody") || iequals(a.value(), "text")) score += 3;
      if (iequals(a.value(), "comment")) tally.comments = true;
    } else if (name == "role") {
      std::string_view v = a.value();
      if (iequals(v, "main") || iequals(v, "article")) {
        score += 2;
      } else if (iequals(v, "navigation") || iequals(v, "complementary") || iequals(v, "contentinfo") ||
                 iequals(v, "banner") || iequals(v, "menu") || iequals(v, "menubar") || iequals(v, "dialog") ||
                 iequals(v, "alertdialog") || iequals(v, "search")) {
        tally.boilerplate = true;
      }
    }
  }
  Evidence e;
  if (tally.invisible) {
    e.kind = Boilerplate::invisible;
    e.score = -3;
  } else if (tally.comments) {
    e.kind = Boilerplate::comments;
    e.score = -2;
  } else if (tally.embed) {
    // A post embedded in the article ("social-media-embed" around a
    // quoted tweet) is content the author chose, not a share bar.
    e.score = 0;
  } else if (tally.boilerplate || (tally.weak && tally.positive == 0 && score <= 0)) {
    e.kind = Boilerplate::generic;
    e.score = -2;
  } else {
    e.score = static_cast<int8_t>(std::min(3, score + std::min(tally.positive, 2)));
  }
  return e;
}

}  // namespace docpipe::clean_html
