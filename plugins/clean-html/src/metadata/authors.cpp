#include "metadata/authors.hpp"

#include <array>

#include "metadata/dates.hpp"
#include "metadata/text_util.hpp"

namespace docpipe::clean_html {
namespace {

using meta_text::trim;

constexpr size_t kMaxNameBytes = 60;
constexpr size_t kMaxWords = 5;
constexpr size_t kMaxAuthors = 16;

bool plausible_name(std::string_view n) {
  if (n.empty() || n.size() > kMaxNameBytes) return false;
  if (n.find("://") != std::string_view::npos || n.find('@') != std::string_view::npos ||
      n.starts_with("www.") || n.find(".com") != std::string_view::npos)
    return false;
  size_t words = 1;
  for (char c : n) {
    if (c >= '0' && c <= '9') return false;
    if (c == ' ') ++words;
  }
  return words <= kMaxWords;
}

// Strips "By", "Written by", "Posted by", "作者：", "文/" at the front.
std::string_view strip_by(std::string_view s) {
  static constexpr std::array<std::string_view, 8> kPrefixes = {
      "written by ", "posted by ", "reported by ", "story by ",
      "words by ",   "by ",        "作者：",       "文/"};
  s = trim(s);
  for (std::string_view p : kPrefixes) {
    if (s.size() >= p.size() && meta_text::iequals(s.substr(0, p.size()), p)) {
      return trim(s.substr(p.size()));
    }
  }
  if (s.size() > 3 && meta_text::iequals(s.substr(0, 3), "by:")) return trim(s.substr(3));
  return s;
}

}  // namespace

std::vector<std::string> split_author_names(std::string_view value) {
  std::vector<std::string> out;
  std::string v = meta_text::collapse_spaces(value);
  std::string_view s = v;
  while (!s.empty() && out.size() < kMaxAuthors) {
    size_t cut = std::string_view::npos, skip = 0;
    static constexpr std::array<std::string_view, 9> kSeps = {",",   ";",   "、", "，",   " and ",
                                                              " & ", " / ", "|",  " und "};
    for (std::string_view sep : kSeps) {
      size_t p = s.find(sep);
      if (p < cut) cut = p, skip = sep.size();
    }
    std::string_view name = trim(strip_by(s.substr(0, cut)));
    if (plausible_name(name)) {
      bool dup = false;
      for (const std::string& have : out) dup = dup || have == name;
      if (!dup) out.emplace_back(name);
    }
    if (cut == std::string_view::npos) break;
    s.remove_prefix(cut + skip);
  }
  return out;
}

std::vector<std::string> byline_names(std::string_view text) {
  std::string_view s = strip_by(text);
  // Stop at what follows the names in a byline bar.
  size_t end = s.size();
  static constexpr std::array<std::string_view, 8> kStops = {"|",   "•",   "·",  " on ",
                                                             " - ", " — ", "\n", "Updated"};
  for (std::string_view stop : kStops) end = std::min(end, s.find(stop));
  if (auto d = find_date(s.substr(0, end))) end = std::min(end, d->begin);
  return split_author_names(s.substr(0, end));
}

namespace {

// "Jane Doe", "Jean-Luc de la Tour", "José Álvarez": two to four words, each
// capitalised but for name particles.
bool looks_like_personal_name(std::string_view name) {
  static constexpr std::array<std::string_view, 9> kParticles = {"de", "van", "von", "da", "di",
                                                                 "le", "la",  "bin", "der"};
  size_t words = 0;
  while (!name.empty()) {
    size_t space = name.find(' ');
    std::string_view w = name.substr(0, space);
    name = space == std::string_view::npos ? std::string_view() : name.substr(space + 1);
    if (w.empty()) continue;
    ++words;
    bool particle = false;
    for (std::string_view p : kParticles) particle = particle || w == p;
    if (particle) continue;
    // A capital, then lower-case letters (or an initial "J."): not
    // "Policy.", "CompressionSport", "Form:".
    unsigned char c = static_cast<unsigned char>(w[0]);
    if (c < 0x80 && !(c >= 'A' && c <= 'Z')) return false;
    bool initial = w.size() == 2 && w[1] == '.';
    for (size_t i = 1; i < w.size() && !initial; ++i) {
      unsigned char d = static_cast<unsigned char>(w[i]);
      if (d < 0x80 && !((d >= 'a' && d <= 'z') || d == '-' || d == '\'')) return false;
    }
  }
  return words >= 2 && words <= 4;
}

}  // namespace

std::vector<std::string> english_byline_names(std::string_view block_text) {
  std::string text = meta_text::collapse_spaces(block_text);
  std::string_view s = text;
  // Capitalised "By" (a sentence starting "by" is prose), or "Posted by".
  static constexpr std::array<std::string_view, 6> kStarts = {
      "By ", "By: ", "Posted by ", "Written by ", "Reported by ", "Words by "};
  bool starts = false;
  for (std::string_view p : kStarts) starts = starts || s.starts_with(p);
  if (!starts || s.size() > 160) return {};
  std::vector<std::string> names = byline_names(s);
  for (const std::string& n : names) {
    if (!looks_like_personal_name(n)) return {};
  }
  return names;
}

}  // namespace docpipe::clean_html
