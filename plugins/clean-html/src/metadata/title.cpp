#include "metadata/title.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>
#include <vector>

#include "metadata/text_util.hpp"

namespace docpipe::clean_html {
namespace {

// A site-name segment is short; a longer one is part of the headline.
constexpr size_t kMaxSiteCodePoints = 30;

struct Segment {
  size_t begin, end;  // bytes of the collapsed title
};

struct Split {
  std::vector<Segment> segments;
  bool chain = false;  // separators that sites chain ("_", "|"): several may go
};

constexpr std::array<std::string_view, 12> kSeparators = {" | ", " - ", " – ", " — ", " :: ", " » ",
                                                          " · ", " / ", "｜",  "丨",  "_",    "——"};

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

unsigned char squashed(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  if (u >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) return u;
  if (c >= 'A' && c <= 'Z') return static_cast<unsigned char>(c - 'A' + 'a');
  return 0;
}

// Lower-case letters and digits only (non-ASCII kept): "BBC News" -> "bbcnews".
std::string squash(std::string_view s) {
  std::string out;
  for (char c : s)
    if (unsigned char u = squashed(c)) out += static_cast<char>(u);
  return out;
}

// Z-array of s: z[i] = length of the longest common prefix of s and s[i..].
std::vector<size_t> z_array(std::string_view s) {
  std::vector<size_t> z(s.size(), 0);
  if (!s.empty()) z[0] = s.size();
  for (size_t i = 1, l = 0, r = 0; i < s.size(); ++i) {
    if (i < r) z[i] = std::min(r - i, z[i - l]);
    while (i + z[i] < s.size() && s[z[i]] == s[i + z[i]]) ++z[i];
    if (i + z[i] > r) l = i, r = i + z[i];
  }
  return z;
}

// The first run of segments (by first, then last segment) whose squashed
// text is `known`, other than all of them; in time linear in the title
// (one Z-array over known + title), since a hostile og:title can have
// thousands of segments.
std::optional<std::pair<size_t, size_t>> find_run(std::string_view t,
                                                  const std::vector<Segment>& seg,
                                                  std::string_view known) {
  std::string text = squash(t);
  std::vector<size_t> at(t.size() + 1);  // squashed offset of each byte
  for (size_t i = 0, q = 0; i <= t.size(); ++i) {
    at[i] = q;
    if (i < t.size() && squashed(t[i])) ++q;
  }
  // The first segment ending at each squashed offset.
  constexpr size_t kNone = static_cast<size_t>(-1);
  std::vector<size_t> last_ending(text.size() + 1, kNone);
  for (size_t j = seg.size(); j-- > 0;) last_ending[at[seg[j].end]] = j;
  std::string joined(known);
  joined += '\0';  // in neither: squash keeps no NUL
  joined += text;
  std::vector<size_t> z = z_array(joined);
  size_t k = known.size();
  for (size_t first = 0; first < seg.size(); ++first) {
    size_t from = at[seg[first].begin];
    if (from + k > text.size() || z[k + 1 + from] < k) continue;
    size_t last = last_ending[from + k];
    if (last == kNone || last < first || (first == 0 && last == seg.size() - 1)) continue;
    return std::make_pair(first, last);
  }
  return std::nullopt;
}

// The squashed names a site-name segment may have, computed once per title.
struct SiteNames {
  std::string site, host, label;
  explicit SiteNames(const TitleHints& h) : site(squash(h.site_name)) {
    if (h.host.empty()) return;
    std::string_view bare = h.host;
    if (bare.starts_with("www.")) bare.remove_prefix(4);
    host = squash(bare);  // "nytimes.com"
    label = squash(host_label(h.host));
    if (label.size() < 3) label.clear();
  }
  bool named_by(std::string_view segment) const {
    std::string seg = squash(segment);
    return !seg.empty() && (seg == site || seg == host || seg == label);
  }
};

std::string_view view_of(std::string_view t, const std::vector<Segment>& s, size_t first,
                         size_t last) {
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
    static constexpr std::array<std::string_view, 8> kCategory = {"co",  "com", "org", "net",
                                                                  "gov", "edu", "ac",  "or"};
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
    if (auto run = find_run(t, seg, k))
      return std::string(view_of(t, seg, run->first, run->second));
  }

  // 2. Segments that name the site, at either end.
  SiteNames names(hints);
  size_t first = 0, last = n - 1;
  while (last > first && names.named_by(t.substr(seg[last].begin, seg[last].end - seg[last].begin)))
    --last;
  while (first < last &&
         names.named_by(t.substr(seg[first].begin, seg[first].end - seg[first].begin)))
    ++first;
  if (first != 0 || last != n - 1) return std::string(view_of(t, seg, first, last));

  // 3. Nothing to compare with: a short last segment is the usual site
  //    suffix. Sites chain "_" and "|" ("标题_国内新闻_新浪网"), so several go.
  //    Code points before each byte, so that each step is O(1).
  std::vector<size_t> cp_before(t.size() + 1);
  for (size_t i = 0, c = 0; i <= t.size(); ++i) {
    cp_before[i] = c;
    if (i < t.size() && (static_cast<unsigned char>(t[i]) & 0xC0) != 0x80) ++c;
  }
  auto code_points = [&](std::string_view v) {
    size_t b = static_cast<size_t>(v.data() - t.data());
    return cp_before[b + v.size()] - cp_before[b];
  };
  while (last > 0) {
    size_t tail_cp = code_points(view_of(t, seg, last, last));
    if (tail_cp > kMaxSiteCodePoints || tail_cp >= code_points(view_of(t, seg, 0, last - 1))) break;
    --last;
    if (!sp.chain) break;
  }
  return std::string(view_of(t, seg, 0, last));
}

}  // namespace docpipe::clean_html
