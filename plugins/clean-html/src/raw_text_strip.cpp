#include "raw_text_strip.hpp"

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

}  // namespace

bool strip_raw_text_bodies(std::string_view html, std::string& out) {
  size_t copied = 0;  // html[0, copied) is settled: in out, or dropped
  size_t pos = 0;
  bool stripped = false;
  while (pos < html.size()) {
    const void* hit = std::memchr(html.data() + pos, '<', html.size() - pos);
    if (hit == nullptr) break;
    size_t lt = static_cast<size_t>(static_cast<const char*>(hit) - html.data());
    if (istarts(html, lt + 1, "!--")) {
      size_t close = html.find("-->", lt + 4);
      if (close == std::string_view::npos) break;
      pos = close + 3;
      continue;
    }
    std::string_view name;
    if (istarts(html, lt + 1, "script") && ends_tag_name(html, lt + 7)) name = "script";
    else if (istarts(html, lt + 1, "style") && ends_tag_name(html, lt + 6)) name = "style";
    else if (istarts(html, lt + 1, "svg") && ends_tag_name(html, lt + 4)) name = "svg";
    if (name.empty()) {
      pos = lt + 1;
      continue;
    }
    size_t body = end_of_start_tag(html, lt + 1 + name.size());
    if (body == std::string_view::npos) break;
    if (name == "svg" && html[body - 2] == '/') {  // <svg/>: nothing inside
      pos = body;
      continue;
    }
    size_t end = name == "svg" ? find_svg_end(html, body) : find_end_tag(html, body, name);
    if (end == std::string_view::npos) break;
    std::string_view start_tag = html.substr(lt, body - lt);
    std::string_view content = html.substr(body, end - body);
    if (name == "script") {
      if (content.find("<!--") != std::string_view::npos) break;  // escaped script data: leave the rest to the parser
      if (contains_ci(start_tag, "ld+json")) {
        pos = end + 2;
        continue;
      }
    }
    if (!content.empty()) {
      if (!stripped) {
        out.clear();
        out.reserve(html.size());
        stripped = true;
      }
      out.append(html.data() + copied, body - copied);
      copied = end;
    }
    pos = end + 2;
  }
  if (!stripped) return false;
  out.append(html.data() + copied, html.size() - copied);
  return true;
}

}  // namespace docpipe::clean_html
