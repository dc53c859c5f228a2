#include "raw_text_strip.hpp"

#include <array>
#include <cstdint>
#include <cstring>

namespace docpipe::clean_html {
namespace {

char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

bool istarts(std::string_view s, size_t at, std::string_view word) noexcept {
  if (s.size() - at < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i)
    if (lower(s[at + i]) != word[i]) return false;
  return true;
}

bool ends_tag_name(std::string_view s, size_t at) noexcept {
  if (at >= s.size()) return false;
  char c = s[at];
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/' || c == '>';
}

// Where the start tag beginning at `from` ends (the index after '>'), quotes respected.
size_t end_of_start_tag(std::string_view s, size_t from) noexcept {
  char quote = 0;
  for (size_t i = from; i < s.size(); ++i) {
    char c = s[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

// The first "</name" followed by a tag-name end, from `from` on.
size_t find_end_tag(std::string_view s, size_t from, std::string_view name) noexcept {
  while (from < s.size()) {
    const void* hit = std::memchr(s.data() + from, '<', s.size() - from);
    if (hit == nullptr) return std::string_view::npos;
    size_t at = static_cast<size_t>(static_cast<const char*>(hit) - s.data());
    if (at + 1 < s.size() && s[at + 1] == '/' && istarts(s, at + 2, name) && ends_tag_name(s, at + 2 + name.size()))
      return at;
    from = at + 1;
  }
  return std::string_view::npos;
}

// The "</svg" that closes the <svg> whose content starts at `from`, nested <svg>s counted.
size_t find_svg_end(std::string_view s, size_t from) noexcept {
  size_t depth = 1;
  while (from < s.size()) {
    const void* hit = std::memchr(s.data() + from, '<', s.size() - from);
    if (hit == nullptr) return std::string_view::npos;
    size_t at = static_cast<size_t>(static_cast<const char*>(hit) - s.data());
    if (istarts(s, at + 1, "svg") && ends_tag_name(s, at + 4)) {
      ++depth;
    } else if (at + 1 < s.size() && s[at + 1] == '/' && istarts(s, at + 2, "svg") && ends_tag_name(s, at + 5)) {
      if (--depth == 0) return at;
    }
    from = at + 1;
  }
  return std::string_view::npos;
}

bool contains_ci(std::string_view s, std::string_view word) noexcept {
  for (size_t i = 0; i + word.size() <= s.size(); ++i)
    if (istarts(s, i, word)) return true;
  return false;
}

// Character classes of the tokenizer's tag states, one table lookup per byte.
enum : uint8_t { kSpace = 1, kSlash = 2, kGreater = 4, kEquals = 8 };
constexpr auto kCharClass = [] {
  std::array<uint8_t, 256> t{};
  for (unsigned char c : {' ', '\t', '\n', '\r', '\f'}) t[c] = kSpace;
  t['/'] = kSlash;
  t['>'] = kGreater;
  t['='] = kEquals;
  return t;
}();
bool is(char c, uint8_t classes) noexcept { return (kCharClass[static_cast<unsigned char>(c)] & classes) != 0; }
bool is_space(char c) noexcept { return is(c, kSpace); }
bool is_ascii_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool iequals(std::string_view a, std::string_view lower_b) noexcept {
  return a.size() == lower_b.size() && istarts(a, 0, lower_b);
}

// The attributes some part of clean.html reads (text visibility, class/id
// evidence, metadata), and the few that steer myhtml's tree building
// (<input type>, <font color|face|size> and <annotation-xml encoding> in
// foreign content). Everything else (href on links, data-*, src, srcset,
// alt, title, on*...) is dropped before parsing: 40 % of the bytes left
// after emptying scripts on extraction-dev, and myhtml's most expensive
// per-byte work. `href` stays on <link> and <base> only.
bool attribute_is_read(std::string_view name, bool href_wanted) noexcept {
  auto any = [&](auto... words) { return (iequals(name, words) || ...); };
  switch (name.size()) {  // at most three comparisons for any name
    case 2: return any("id");
    case 3: return any("rel");
    case 4: return any("role", "name", "lang", "type") || any("face", "size") ||
                   (href_wanted && any("href"));
    case 5: return any("class", "style", "color");
    case 6: return any("hidden");
    case 7: return any("content", "pubdate", "charset");
    case 8: return any("itemprop", "datetime", "property", "encoding");
    case 10: return any("http-equiv");
    case 11: return any("aria-hidden");
    default: return false;
  }
}

// The start tags the cutting treats apart. Text-only elements are those whose
// content the tokenizer reads as text, not tags: it runs to the matching
// end tag and is copied untouched.
enum class TagKind : uint8_t { other, script, style, svg, link_or_base, plaintext, text_only };

TagKind classify_tag(std::string_view name) noexcept {
  auto any = [&](auto... words) { return (iequals(name, words) || ...); };
  switch (name.size()) {
    case 3: return any("svg") ? TagKind::svg : any("xmp") ? TagKind::text_only : TagKind::other;
    case 4: return any("link", "base") ? TagKind::link_or_base : TagKind::other;
    case 5: return any("style") ? TagKind::style : any("title") ? TagKind::text_only : TagKind::other;
    case 6: return any("script") ? TagKind::script : any("iframe") ? TagKind::text_only : TagKind::other;
    case 7: return any("noembed") ? TagKind::text_only : TagKind::other;
    case 8: return any("textarea", "noframes") ? TagKind::text_only : TagKind::other;
    case 9: return any("plaintext") ? TagKind::plaintext : TagKind::other;
    default: return TagKind::other;
  }
}

constexpr size_t npos = std::string_view::npos;

// Copies html to out lazily: only once something is cut does out get the
// bytes before it, so an untouched page costs no copy.
class Cutter {
 public:
  Cutter(std::string_view html, std::string& out) : html_(html), out_(out) {}
  //! Drops html[begin, end), writing `replacement` in its place.
  void cut(size_t begin, size_t end, std::string_view replacement = {}) {
    if (!started_) {
      out_.clear();
      out_.reserve(html_.size());
      started_ = true;
    }
    out_.append(html_.data() + copied_, begin - copied_);
    out_.append(replacement);
    copied_ = end;
  }
  bool finish() {
    if (!started_) return false;
    out_.append(html_.data() + copied_, html_.size() - copied_);
    return true;
  }

 private:
  std::string_view html_;
  std::string& out_;
  size_t copied_ = 0;  // html[0, copied_) is settled: in out, or dropped
  bool started_ = false;
};

// Walks the attributes of the start tag whose name ends at `at`, cutting
// the unread ones, and returns the index after its '>' (npos when the tag
// never ends). Follows the HTML tokenizer: a name runs to whitespace, '/',
// '>' or '='; a value is quoted or runs to whitespace or '>'.
size_t drop_unread_attributes(std::string_view s, size_t at, bool href_wanted, Cutter& cutter) {
  const size_t n = s.size();
  size_t i = at;
  for (;;) {
    while (i < n && is(s[i], kSpace | kSlash)) ++i;
    if (i >= n) return npos;
    if (s[i] == '>') return i + 1;
    const size_t begin = i++;
    while (i < n && !is(s[i], kSpace | kSlash | kGreater | kEquals)) ++i;
    std::string_view name = s.substr(begin, i - begin);
    size_t j = i;
    while (j < n && is_space(s[j])) ++j;
    if (j < n && s[j] == '=') {
      ++j;
      while (j < n && is_space(s[j])) ++j;
      if (j >= n) return npos;
      if (s[j] == '"' || s[j] == '\'') {
        const void* close = std::memchr(s.data() + j + 1, s[j], n - j - 1);
        if (close == nullptr) return npos;
        i = static_cast<size_t>(static_cast<const char*>(close) - s.data()) + 1;
      } else {
        while (j < n && !is(s[j], kSpace | kGreater)) ++j;
        i = j;
      }
    }
    if (!attribute_is_read(name, href_wanted)) {
      // A value's closing quote may touch the next name ("a"b="c"): keep
      // them apart, or the next attribute would join the tag name.
      bool spaced = begin > 0 && is_space(s[begin - 1]);
      cutter.cut(begin, i, spaced ? std::string_view() : std::string_view(" "));
    }
  }
}

}  // namespace

bool strip_unread_markup(std::string_view html, std::string& out) {
  Cutter cutter(html, out);
  size_t pos = 0;
  while (pos < html.size()) {
    const void* hit = std::memchr(html.data() + pos, '<', html.size() - pos);
    if (hit == nullptr) break;
    size_t lt = static_cast<size_t>(static_cast<const char*>(hit) - html.data());
    if (istarts(html, lt + 1, "!--")) {
      size_t close = html.find("-->", lt + 4);
      if (close == npos) break;
      pos = close + 3;
      continue;
    }
    if (lt + 1 >= html.size() || !is_ascii_alpha(html[lt + 1])) {
      pos = lt + 1;  // an end tag, <!DOCTYPE>, <?...>, or a lone '<' in text
      continue;
    }
    size_t name_end = lt + 2;
    while (name_end < html.size() && !is(html[name_end], kSpace | kSlash | kGreater)) ++name_end;
    std::string_view tag = html.substr(lt + 1, name_end - lt - 1);
    TagKind kind = classify_tag(tag);
    std::string_view raw = kind == TagKind::script ? "script"
                           : kind == TagKind::style ? "style"
                           : kind == TagKind::svg   ? "svg"
                                                    : "";
    if (raw.empty()) {
      size_t after = drop_unread_attributes(html, name_end, kind == TagKind::link_or_base, cutter);
      if (after == npos) break;
      pos = after;
      if (kind == TagKind::plaintext) break;  // the rest of the page is text
      if (kind == TagKind::text_only) {
        std::string lower_name(tag);
        for (char& c : lower_name) c = lower(c);
        size_t end = find_end_tag(html, pos, lower_name);
        if (end == npos) break;
        pos = end + 2;
      }
      continue;
    }
    size_t body = end_of_start_tag(html, name_end);
    if (body == npos) break;
    if (raw == "svg" && html[body - 2] == '/') {  // <svg/>: nothing inside
      pos = body;
      continue;
    }
    size_t end = raw == "svg" ? find_svg_end(html, body) : find_end_tag(html, body, raw);
    if (end == npos) break;
    std::string_view start_tag = html.substr(lt, body - lt);
    std::string_view content = html.substr(body, end - body);
    if (raw == "script") {
      if (content.find("<!--") != npos) break;  // escaped script data: leave the rest to the parser
      if (contains_ci(start_tag, "ld+json")) {
        pos = end + 2;
        continue;
      }
    }
    if (!content.empty()) cutter.cut(body, end);
    pos = end + 2;
  }
  return cutter.finish();
}

}  // namespace docpipe::clean_html
