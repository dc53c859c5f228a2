#include "metadata/title.hpp"

#include <array>
#include <vector>

#include "metadata/text_util.hpp"

namespace docpipe::clean_html {
namespace {

using meta_text::count_code_points;

// A site-name segment is short; a longer one is part of the headline.
constexpr size_t kMaxSiteCodePoints = 30;

struct Segment {
  size_t begin, end;  // bytes of the collapsed title
};

struct Split {
  std::vector<Segment> segments;
  bool chain = false;  // separators that sites chain ("_", "|"): several may go
};

constexpr std::array<std::string_view, 12> kSeparators = {
    " | ", " - ", " – ", " — ", " :: ", " » ", " · ", " / ", "｜", "丨", "_", "——"};

bool cjk_near(std::string_view t, size_t pos, size_t len) {
  size_t n = 0;
  bool before = false, after = false;
  if (pos >= 3) {
    size_t start = pos - 1;
    while (start > 0 && (static_cast<unsigned char>(t[start]) & 0xC0) == 0x80) --start;
    before = meta_text::is_cjk(meta_text::decode_at(t, start, n));
  }
  if (pos + len < t.size()) after = meta_text::is_cjk(meta_text::decode_at(t, pos + len, n));
  return before || after;
}

// Splits at the separators; a bare "-" counts next to CJK ("标题-新华网").
Split split(std::string_view t) {
  Split out;
  size_t start = 0;
  for (size_t i = 0; i < t.size();) {
    size_t len = 0;
    for (std::string_view sep : kSeparators) {
      if (t.substr(i, sep.size()) == sep) {
        len = sep.size();
        if (sep == "_" || sep == " | " || sep == "｜" || sep == "丨") out.chain = true;
        break;
      }
    }
    if (len == 0 && t[i] == '-' && cjk_near(t, i, 1)) len = 1;
    if (len == 0) {
      ++i;
      continue;
    }
    if (i > start) out.segments.push_back({start, i});
    i += len;
    start = i;
  }
  if (start < t.size()) out.segments.push_back({start, t.size()});
  return out;
}

// Lower-case letters and digits only (non-ASCII kept): "BBC News" -> "bbcnews".
std::string squash(std::string_view s) {
  std::string out;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x80 || (c >= '0' && c <= '9')) out += c;
    else if (c >= 'a' && c <= 'z') out += c;
    else if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool names_site(std::string_view segment, const TitleHints& h) {
  std::string seg = squash(segment);
  if (seg.empty()) return false;
  if (!h.site_name.empty() && seg == squash(h.site_name)) return true;
  if (!h.host.empty()) {
    std::string_view host = h.host;
    if (host.starts_with("www.")) host.remove_prefix(4);
    if (seg == squash(host)) return true;  // "nytimes.com"
    std::string label = squash(host_label(h.host));
    if (label.size() >= 3 && seg == label) return true;
  }
  return false;
}

std::string_view view_of(std::string_view t, const std::vector<Segment>& s, size_t first, size_t last) {
  return meta_text::trim(t.substr(s[first].begin, s[last].end - s[first].begin));
}

}  // namespace

std::string_view host_label(std::string_view host) {
  std::vector<std::string_view> labels;
  while (!host.empty()) {
    size_t dot = host.find('.');
    labels.push_back(host.substr(0, dot));
    if (dot == std::string_view::npos) break;
    host.remove_prefix(dot + 1);
  }
  if (labels.size() < 2) return labels.empty() ? std::string_view() : labels[0];
  size_t i = labels.size() - 2;  // before the TLD
  // co.uk, com.cn, gov.cn: the second-level label is a category, not a name.
  if (i > 0 && labels[i].size() <= 3) {
    static constexpr std::array<std::string_view, 8> kCategory = {"co", "com", "org", "net",
                                                                   "gov", "edu", "ac", "or"};
    for (std::string_view c : kCategory) {
      if (labels[i] == c) {
        --i;
        break;
      }
    }
  }
  return labels[i];
}

std::string clean_title(std::string_view title, const TitleHints& hints) {
  std::string t = meta_text::collapse_spaces(title);
  Split sp = split(t);
  std::vector<Segment>& seg = sp.segments;
  if (seg.size() < 2) return t;
  size_t n = seg.size();

  // 1. A run of segments that is the h1 (or the other title) is the headline.
  for (std::string_view known : {hints.h1, hints.other}) {
    std::string k = squash(known);
    if (k.empty()) continue;
    for (size_t first = 0; first < n; ++first) {
      for (size_t last = first; last < n; ++last) {
        if (first == 0 && last == n - 1) continue;
        if (squash(view_of(t, seg, first, last)) == k) return std::string(view_of(t, seg, first, last));
      }
    }
  }

  // 2. Segments that name the site, at either end.
  size_t first = 0, last = n - 1;
  while (last > first && names_site(t.substr(seg[last].begin, seg[last].end - seg[last].begin), hints)) --last;
  while (first < last && names_site(t.substr(seg[first].begin, seg[first].end - seg[first].begin), hints)) ++first;
  if (first != 0 || last != n - 1) return std::string(view_of(t, seg, first, last));

  // 3. Nothing to compare with: a short last segment is the usual site
  //    suffix. Sites chain "_" and "|" ("标题_国内新闻_新浪网"), so several go.
  while (last > 0) {
    std::string_view tail = view_of(t, seg, last, last);
    std::string_view rest = view_of(t, seg, 0, last - 1);
    size_t tail_cp = count_code_points(tail);
    if (tail_cp > kMaxSiteCodePoints || tail_cp >= count_code_points(rest)) break;
    --last;
    if (!sp.chain) break;
  }
  return std::string(view_of(t, seg, 0, last));
}

}  // namespace docpipe::clean_html
