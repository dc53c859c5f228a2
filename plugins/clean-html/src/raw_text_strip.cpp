#include "raw_text_strip.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

constexpr size_t npos = std::string_view::npos;

// The start tags the cutting treats apart. Text-only elements are those whose
// content the tokenizer reads as text, not tags: it runs to the matching
// end tag and is copied untouched.
enum class TagKind : uint8_t { other, script, style, svg, link_or_base, plaintext, text_only, preformatted };

TagKind classify_tag(std::string_view name) noexcept {
  auto any = [&](auto... words) { return (iequals(name, words) || ...); };
  switch (name.size()) {
    case 3: return any("svg")   ? TagKind::svg
                   : any("xmp") ? TagKind::text_only
                   : any("pre") ? TagKind::preformatted
                                : TagKind::other;
    case 4: return any("link", "base") ? TagKind::link_or_base : TagKind::other;
    case 5: return any("style") ? TagKind::style : any("title") ? TagKind::text_only : TagKind::other;
    case 6: return any("script") ? TagKind::script : any("iframe") ? TagKind::text_only : TagKind::other;
    case 7: return any("noembed")   ? TagKind::text_only
                   : any("listing") ? TagKind::preformatted
                                    : TagKind::other;
    case 8: return any("textarea", "noframes") ? TagKind::text_only : TagKind::other;
    case 9: return any("plaintext") ? TagKind::plaintext : TagKind::other;
    default: return TagKind::other;
  }
}


// Copies html to a buffer lazily: only once something is cut does the
// buffer get the bytes before it, so an untouched page costs no copy. The
// buffer is grown, never shrunk nor zero-filled, to the page's size (a cut
// never adds bytes) and written through a pointer: there is a cut for
// every unread attribute and every run of spaces of a page.
class Cutter {
 public:
  Cutter(std::string_view html, std::string& buffer) : html_(html), buffer_(buffer) {}
  //! Drops html[begin, end) (not empty), writing `replacement` (at most one
  //! byte) in its place.
  void cut(size_t begin, size_t end, std::string_view replacement = {}) {
    if (write_ == nullptr) {
      if (buffer_.size() < html_.size()) buffer_.resize(html_.size());
      write_ = buffer_.data();
    }
    std::memcpy(write_, html_.data() + copied_, begin - copied_);
    write_ += begin - copied_;
    if (!replacement.empty()) *write_++ = replacement[0];
    copied_ = end;
  }
  //! The page after the cuts: html itself when nothing was cut.
  std::string_view finish() {
    if (write_ == nullptr) return html_;
    std::memcpy(write_, html_.data() + copied_, html_.size() - copied_);
    write_ += html_.size() - copied_;
    return {buffer_.data(), static_cast<size_t>(write_ - buffer_.data())};
  }

 private:
  std::string_view html_;
  std::string& buffer_;
  size_t copied_ = 0;  // html[0, copied_) is settled: in the buffer, or dropped
  char* write_ = nullptr;
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

// The first i in [from, to - 1) where s[i] and s[i + 1] are both HTML
// whitespace, or npos; 16 bytes a step with SSE2.
size_t find_space_pair(std::string_view s, size_t from, size_t to) noexcept {
  size_t i = from;
#if defined(__SSE2__)
  auto spaces = [](__m128i v) {
    __m128i sp = _mm_cmpeq_epi8(v, _mm_set1_epi8(' '));
    sp = _mm_or_si128(sp, _mm_cmpeq_epi8(v, _mm_set1_epi8('\n')));
    sp = _mm_or_si128(sp, _mm_cmpeq_epi8(v, _mm_set1_epi8('\t')));
    sp = _mm_or_si128(sp, _mm_cmpeq_epi8(v, _mm_set1_epi8('\r')));
    return _mm_or_si128(sp, _mm_cmpeq_epi8(v, _mm_set1_epi8('\f')));
  };
  for (; i + 17 <= to; i += 16) {
    __m128i here = spaces(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i)));
    __m128i next = spaces(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i + 1)));
    if (int mask = _mm_movemask_epi8(_mm_and_si128(here, next)); mask != 0) {
      return i + static_cast<size_t>(__builtin_ctz(mask));
    }
  }
#endif
  for (; i + 1 < to; ++i) {
    if (is_space(s[i]) && is_space(s[i + 1])) return i;
  }
  return npos;
}

// Cuts every run of whitespace in html[from, to) down to its first
// character. Text between tags is collapsed by the layout anyway, so this
// changes nothing a reader sees; on extraction-dev it is 46 % of the text
// bytes (indentation), which myhtml would otherwise copy and scan.
void collapse_space_runs(std::string_view html, size_t from, size_t to, Cutter& cutter) {
  for (size_t i = from; (i = find_space_pair(html, i, to)) != npos;) {
    size_t end = i + 2;
    while (end < to && is_space(html[end])) ++end;
    cutter.cut(i + 1, end);
    i = end;
  }
}

}  // namespace

std::string_view strip_unread_markup(std::string_view html, std::string& buffer) {
  Cutter cutter(html, buffer);
  size_t pos = 0;
  size_t keep_spaces_until = 0;  // the end of a <pre> or <listing>
  auto text_until = [&](size_t lt) {
    if (keep_spaces_until != npos && lt > keep_spaces_until) {
      collapse_space_runs(html, std::max(pos, keep_spaces_until), lt, cutter);
    }
  };
  while (pos < html.size()) {
    const void* hit = std::memchr(html.data() + pos, '<', html.size() - pos);
    if (hit == nullptr) {
      text_until(html.size());
      break;
    }
    size_t lt = static_cast<size_t>(static_cast<const char*>(hit) - html.data());
    text_until(lt);
    if (lt + 1 < html.size() && html[lt + 1] == '!' && !istarts(html, lt + 1, "!--")) {
      // <!DOCTYPE ...>, whose quoted identifiers decide quirks mode: as it is.
      const void* gt = std::memchr(html.data() + lt, '>', html.size() - lt);
      if (gt == nullptr) break;
      pos = static_cast<size_t>(static_cast<const char*>(gt) - html.data()) + 1;
      continue;
    }
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
      if (kind == TagKind::preformatted && keep_spaces_until != npos) {
        keep_spaces_until = find_end_tag(html, pos, tag.size() == 3 ? "pre" : "listing");
      }
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
