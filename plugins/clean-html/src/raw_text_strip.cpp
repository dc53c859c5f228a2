#include "raw_text_strip.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "ascii.hpp"
#include "start_tag.hpp"

namespace docpipe::clean_html {
namespace {

constexpr size_t npos = std::string_view::npos;

bool is_space(char c) noexcept { return is_tag_char(c, kTagSpace); }

// True when a tag name ends at s[at]: whitespace, '/' or '>'.
bool ends_tag_name(std::string_view s, size_t at) noexcept {
  return at < s.size() && is_tag_char(s[at], kTagSpace | kTagSlash | kTagGreater);
}

// The first "</name" followed by a tag-name end, from `from` on.
size_t find_end_tag(std::string_view s, size_t from, std::string_view name) noexcept {
  while (from < s.size()) {
    const void* hit = std::memchr(s.data() + from, '<', s.size() - from);
    if (hit == nullptr) return npos;
    size_t at = static_cast<size_t>(static_cast<const char*>(hit) - s.data());
    if (istarts_at(s, at + 1, "/") && istarts_at(s, at + 2, name) &&
        ends_tag_name(s, at + 2 + name.size()))
      return at;
    from = at + 1;
  }
  return npos;
}

// The "</svg" that closes the <svg> whose content starts at `from`, nested <svg>s counted.
size_t find_svg_end(std::string_view s, size_t from) noexcept {
  size_t depth = 1;
  while (from < s.size()) {
    const void* hit = std::memchr(s.data() + from, '<', s.size() - from);
    if (hit == nullptr) return npos;
    size_t at = static_cast<size_t>(static_cast<const char*>(hit) - s.data());
    if (istarts_at(s, at + 1, "svg") && ends_tag_name(s, at + 4)) {
      ++depth;
    } else if (istarts_at(s, at + 1, "/svg") && ends_tag_name(s, at + 5)) {
      if (--depth == 0) return at;
    }
    from = at + 1;
  }
  return npos;
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
    case 2:
      return any("id");
    case 3:
      return any("rel");
    case 4:
      return any("role", "name", "lang", "type") || any("face", "size") ||
             (href_wanted && any("href"));
    case 5:
      return any("class", "style", "color");
    case 6:
      return any("hidden");
    case 7:
      return any("content", "pubdate", "charset");
    case 8:
      return any("itemprop", "datetime", "property", "encoding");
    case 10:
      return any("http-equiv");
    case 11:
      return any("aria-hidden");
    default:
      return false;
  }
}

// The start tags the cutting treats apart. Text-only elements are those whose
// content the tokenizer reads as text, not tags: it runs to the matching
// end tag and is copied untouched.
enum class TagKind : uint8_t {
  other,
  script,
  style,
  svg,
  link_or_base,
  plaintext,
  text_only,
  preformatted
};

struct TagClass {
  TagKind kind = TagKind::other;
  std::string_view name;  // lower-case, for finding the end tag; empty for `other`
};

TagClass classify_tag(std::string_view name) noexcept {
  static constexpr TagClass kTags[] = {
      {TagKind::script, "script"},     {TagKind::style, "style"},
      {TagKind::svg, "svg"},           {TagKind::link_or_base, "link"},
      {TagKind::link_or_base, "base"}, {TagKind::plaintext, "plaintext"},
      {TagKind::text_only, "title"},   {TagKind::text_only, "textarea"},
      {TagKind::text_only, "xmp"},     {TagKind::text_only, "iframe"},
      {TagKind::text_only, "noembed"}, {TagKind::text_only, "noframes"},
      {TagKind::preformatted, "pre"},  {TagKind::preformatted, "listing"}};
  // Most tags (a, p, li, div, span) are none of these: one test rules
  // them out before any comparison.
  constexpr unsigned kFirstLetters = 1u << ('s' - 'a') | 1u << ('l' - 'a') | 1u << ('b' - 'a') |
                                     1u << ('p' - 'a') | 1u << ('t' - 'a') | 1u << ('x' - 'a') |
                                     1u << ('i' - 'a') | 1u << ('n' - 'a');
  if (name.size() < 3 || name.size() > 9) return {};
  char first = ascii_lower(name[0]);
  if (first < 'a' || first > 'z' || !(kFirstLetters >> (first - 'a') & 1u)) return {};
  for (const TagClass& t : kTags) {
    if (t.name[0] == first && iequals(name, t.name)) return t;
  }
  return {};
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
// the unread ones when a cutter is given, and returns the index after its
// '>' (npos when the tag never ends).
size_t drop_unread_attributes(std::string_view s, size_t at, bool href_wanted, Cutter* cutter) {
  size_t pos = at;
  TagAttribute attr;
  while (next_attribute(s, pos, attr)) {
    if (cutter == nullptr || attribute_is_read(attr.name, href_wanted)) continue;
    size_t begin = static_cast<size_t>(attr.name.data() - s.data());
    // A value's closing quote may touch the next name ("a"b="c"): keep
    // them apart, or the next attribute would join the tag name.
    bool spaced = begin > 0 && is_space(s[begin - 1]);
    cutter->cut(begin, pos, spaced ? std::string_view() : std::string_view(" "));
  }
  return pos < s.size() ? pos + 1 : npos;
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
    if (istarts_at(html, lt + 1, "!--")) {
      size_t close = html.find("-->", lt + 4);
      if (close == npos) break;
      pos = close + 3;
      continue;
    }
    if (istarts_at(html, lt + 1, "!")) {
      // <!DOCTYPE ...>, whose quoted identifiers decide quirks mode: as it is.
      const void* gt = std::memchr(html.data() + lt, '>', html.size() - lt);
      if (gt == nullptr) break;
      pos = static_cast<size_t>(static_cast<const char*>(gt) - html.data()) + 1;
      continue;
    }
    if (lt + 1 >= html.size() || !is_ascii_alpha(html[lt + 1])) {
      pos = lt + 1;  // an end tag, <?...>, or a lone '<' in text
      continue;
    }
    size_t name_end = lt + 2;
    while (name_end < html.size() &&
           !is_tag_char(html[name_end], kTagSpace | kTagSlash | kTagGreater))
      ++name_end;
    const TagClass tag = classify_tag(html.substr(lt + 1, name_end - lt - 1));
    const bool raw_text =
        tag.kind == TagKind::script || tag.kind == TagKind::style || tag.kind == TagKind::svg;
    // The start tags of raw-text elements are copied as they are; only their bodies go.
    size_t after = drop_unread_attributes(html, name_end, tag.kind == TagKind::link_or_base,
                                          raw_text ? nullptr : &cutter);
    if (after == npos) break;
    pos = after;
    switch (tag.kind) {
      case TagKind::plaintext:
        return cutter.finish();  // the rest of the page is text
      case TagKind::preformatted:
        if (keep_spaces_until != npos) keep_spaces_until = find_end_tag(html, pos, tag.name);
        continue;
      case TagKind::text_only: {
        size_t end = find_end_tag(html, pos, tag.name);
        if (end == npos) return cutter.finish();
        pos = end + 2;
        continue;
      }
      case TagKind::other:
      case TagKind::link_or_base:
        continue;
      case TagKind::script:
      case TagKind::style:
      case TagKind::svg:
        break;
    }
    if (tag.kind == TagKind::svg && html[after - 2] == '/') continue;  // <svg/>: nothing inside
    size_t end =
        tag.kind == TagKind::svg ? find_svg_end(html, after) : find_end_tag(html, after, tag.name);
    if (end == npos) break;
    std::string_view content = html.substr(after, end - after);
    if (tag.kind == TagKind::script) {
      if (content.find("<!--") != npos) break;  // escaped script data: leave the rest to the parser
      if (icontains(html.substr(lt, after - lt), "ld+json")) {
        pos = end + 2;
        continue;
      }
    }
    if (!content.empty()) cutter.cut(after, end);
    pos = end + 2;
  }
  return cutter.finish();
}

std::string_view drop_nul_characters(std::string_view html, std::string& buffer) {
  const void* hit = std::memchr(html.data(), '\0', html.size());
  if (hit == nullptr) return html;
  size_t first = static_cast<size_t>(static_cast<const char*>(hit) - html.data());
  // html is either the caller's bytes or already a prefix of buffer (the cuts').
  const bool in_buffer = html.data() == buffer.data();
  if (!in_buffer) {
    if (buffer.size() < html.size()) buffer.resize(html.size());
    std::memcpy(buffer.data(), html.data(), first);
  }
  char* out = buffer.data() + first;
  for (size_t i = first; i < html.size(); ++i) {
    if (html[i] != '\0') *out++ = html[i];
  }
  return {buffer.data(), static_cast<size_t>(out - buffer.data())};
}

}  // namespace docpipe::clean_html
