#include "boilerplate_lines.hpp"

#include <array>
#include <string>

#include "ascii.hpp"

namespace docpipe::clean_html {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Bytes of whitespace or of punctuation that decorates commands
// ("【打印】", "[ Print ]", "» Share:") at s[i]; 0 for anything else.
size_t decoration_at(std::string_view s, size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    return (c <= 0x20 || c == '[' || c == ']' || c == '(' || c == ')' || c == '|' || c == ':' ||
            c == '>' || c == '<' || c == '-' || c == '/' || c == '.' || c == '*' || c == '#' ||
            c == '+' || c == '!' || c == '?' || c == ',' || c == '&')
               ? 1
               : 0;
  }
  static constexpr std::array<std::string_view, 17> kMarks{
      "\u3010", "\u3011", "\u300a", "\u300b", "\u300c", "\u300d", "\uff08", "\uff09", "\uff1a",
      "\u00bb", "\u00ab", "\u00a0", "\u3000", "\u2192", "\u2190", "\u00b7", "\u3001"};
  for (std::string_view m : kMarks) {
    if (s.substr(i, m.size()) == m) return m.size();
  }
  return 0;
}

// The block lower-cased (ASCII) with decoration and whitespace removed, so
// "【 打印本页 】" and "Print this page »" compare as "打印本页", "printthispage".
std::string squeeze(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (size_t d = decoration_at(s, i)) {
      i += d;
      continue;
    }
    out += ascii_lower(s[i++]);
  }
  return out;
}

bool contains(std::string_view s, std::string_view what) {
  return s.find(what) != std::string_view::npos;
}

size_t code_points(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= 0x20) s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= 0x20) s.remove_suffix(1);
  return s;
}

// "example.com", "www.example.com.cn", "https://news.example.org/": one
// host name and nothing else.
bool is_domain(std::string_view s) {
  if (s.starts_with("http://"))
    s.remove_prefix(7);
  else if (s.starts_with("https://"))
    s.remove_prefix(8);
  while (!s.empty() && s.back() == '/') s.remove_suffix(1);
  if (s.size() < 4 || s.size() > 80) return false;
  size_t dots = 0, label = 0, last_label_alpha = 0;
  for (char c : s) {
    if (c == '.') {
      if (label == 0) return false;
      ++dots;
      label = 0;
      last_label_alpha = 0;
    } else if (is_ascii_alpha(c) || is_digit(c) || c == '-') {
      ++label;
      last_label_alpha += is_ascii_alpha(c) ? 1 : 0;
    } else {
      return false;
    }
  }
  // The top-level label is letters only (not "3.14").
  return dots >= 1 && label >= 2 && label <= 12 && last_label_alpha == label;
}

bool has_year(std::string_view s) {
  for (size_t i = 0; i + 4 <= s.size(); ++i) {
    if ((s[i] == '1' && s[i + 1] == '9') || (s[i] == '2' && s[i + 1] == '0')) {
      if (is_digit(s[i + 2]) && is_digit(s[i + 3]) && (i == 0 || !is_digit(s[i - 1])) &&
          (i + 4 == s.size() || !is_digit(s[i + 4]))) {
        return true;
      }
    }
  }
  return false;
}

bool is_copyright(std::string_view s, size_t chars) {
  if (chars > 200) return false;
  if (contains(s, "版权所有") || contains(s, "版权声明") || contains(s, "版權所有")) return true;
  if (icontains(s, "all rights reserved")) return true;
  bool mark = contains(s, "\u00a9") || icontains(s, "(c)") || icontains(s, "copyright");
  return mark && (has_year(s) || chars < 80);
}

// Chinese filing and licence numbers: 浙ICP备12345678号, 京ICP证030173号,
// 京公网安备 11010502030143号, 浙新办[2006]23号, 互联网新闻信息服务许可证...
bool is_filing_number(std::string_view s, size_t chars) {
  if (chars > 200) return false;
  if (icontains(s, "icp\u5907") || icontains(s, "icp\u8bc1") || icontains(s, "icp number"))
    return true;
  if (contains(s, "公网安备") || contains(s, "公安备案") || contains(s, "网安备")) return true;
  bool digits = false;
  for (char c : s) digits = digits || is_digit(c);
  if (!digits) return false;
  if (contains(s, "新办") && contains(s, "号")) return true;
  return contains(s, "许可证") || contains(s, "备案号") || contains(s, "经营许可");
}

// Commands of a page's chrome, compared after squeeze().
constexpr std::array<std::string_view, 48> kCommands{"share",
                                                     "sharethis",
                                                     "sharethisarticle",
                                                     "sharethisstory",
                                                     "sharethispost",
                                                     "shareon",
                                                     "print",
                                                     "printthis",
                                                     "printthispage",
                                                     "printthisarticle",
                                                     "printarticle",
                                                     "printerfriendly",
                                                     "email",
                                                     "emailthis",
                                                     "closewindow",
                                                     "close",
                                                     "backtotop",
                                                     "top",
                                                     "returntotop",
                                                     "comments",
                                                     "leaveacomment",
                                                     "leaveareply",
                                                     "postacomment",
                                                     "readmore",
                                                     "tweet",
                                                     "subscribe",
                                                     "advert",
                                                     "advertisement",
                                                     "sponsored",
                                                     "广告",
                                                     "分享",
                                                     "分享到",
                                                     "分享至",
                                                     "打印",
                                                     "打印本页",
                                                     "打印此页",
                                                     "关闭",
                                                     "关闭窗口",
                                                     "关闭本页",
                                                     "返回顶部",
                                                     "回到顶部",
                                                     "收藏",
                                                     "收藏本文",
                                                     "纠错",
                                                     "我要纠错",
                                                     "评论",
                                                     "发表评论",
                                                     "字号大中小"};

// A command squeezed fits in this many bytes; longer parts are no command,
// and are rejected without building a string.
constexpr size_t kCommandBytes = 24;

// squeeze() into buf; npos when the result would not fit.
size_t squeeze_into(std::string_view s, std::array<char, kCommandBytes>& buf) {
  size_t n = 0;
  for (size_t i = 0; i < s.size();) {
    if (size_t d = decoration_at(s, i)) {
      i += d;
      continue;
    }
    if (n == buf.size()) return std::string_view::npos;
    buf[n++] = ascii_lower(s[i++]);
  }
  return n;
}

bool is_command(std::string_view part) {
  std::array<char, kCommandBytes> buf;
  size_t n = squeeze_into(part, buf);
  if (n == std::string_view::npos) return false;
  std::string_view q(buf.data(), n);
  for (std::string_view c : kCommands) {
    if (q == c) return true;
  }
  return false;
}

bool is_decoration_only(std::string_view part) {
  for (size_t i = 0; i < part.size();) {
    size_t d = decoration_at(part, i);
    if (d == 0) return false;
    i += d;
  }
  return true;
}

// "【打印】【关闭窗口】", "Share | Print | Email", "Share this article": every
// part a command, or the whole block one.
bool is_command_list(std::string_view s, size_t chars) {
  if (chars > 80) return false;
  if (is_command(s)) return true;
  size_t parts = 0;
  size_t start = 0;
  for (size_t i = 0; i <= s.size();) {
    size_t sep = 0;
    if (i == s.size() || s[i] == '|' || s[i] == ' ') {
      sep = 1;
    } else if (s.substr(i).starts_with("\u3011") || s.substr(i).starts_with("\u3000")) {
      sep = 3;
    }
    if (sep == 0) {
      ++i;
      continue;
    }
    std::string_view part = s.substr(start, i - start);
    if (!is_decoration_only(part)) {
      if (!is_command(part)) return false;
      ++parts;
    }
    i += sep;
    start = i;
  }
  return parts > 0;
}

bool starts_with_share(std::string_view q, size_t chars) {
  if (chars > 60) return false;
  return q.starts_with("分享到") || q.starts_with("分享至") || q.starts_with("扫一扫") ||
         q.starts_with("微信扫一扫") || q.starts_with("扫描二维码") || q.starts_with("shareto") ||
         q.starts_with("shareon") || q.starts_with("sharethis") || q.starts_with("shareon") ||
         (q.starts_with("share") && chars < 40 &&
          (contains(q, "facebook") || contains(q, "twitter") || contains(q, "email") ||
           contains(q, "linkedin")));
}

bool is_prev_next(std::string_view q, size_t chars) {
  if (chars > 120) return false;
  for (std::string_view p :
       {"上一篇", "下一篇", "上一条", "下一条", "上一页", "下一页", "前一篇", "后一篇"}) {
    if (q.starts_with(p)) return true;
  }
  for (std::string_view p : {"previousarticle", "nextarticle", "previouspost", "nextpost",
                             "previousstory", "nextstory", "prevpost", "prevarticle"}) {
    if (q.starts_with(p)) return true;
  }
  return false;
}

bool is_label_line(std::string_view s, size_t chars) {
  if (chars > 120) return false;
  std::string_view t = s;
  for (std::string_view p : {"标签：", "标签:", "关键词：", "关键词:", "关键字：",
                             "Tags:", "TAGS:", "Tagged:", "Filed under:", "Topics:"}) {
    if (t.starts_with(p)) return true;
  }
  return false;
}

// Markup shown as text ("<img src=...>" escaped in a page, or a widget's
// embed code): a tag is never article prose.
// WordPress shortcodes left unexpanded ("[button link=...]Send[/button]")
// too.
bool is_markup(std::string_view s) {
  if (s.size() >= 3 && s.front() == '<' && s.back() == '>' &&
      (is_ascii_alpha(s[1]) || s[1] == '/' || s[1] == '!')) {
    return true;
  }
  return s.size() >= 3 && s.front() == '[' && s.back() == ']' && is_ascii_alpha(s[1]) &&
         s.find("[/") != std::string_view::npos;
}

}  // namespace

bool is_boilerplate_line(std::string_view block) {
  std::string_view s = trim(block);
  if (s.empty()) return false;
  if (is_markup(s)) return true;
  size_t chars = code_points(s);
  if (chars > 200) return false;
  if (is_domain(s) || is_filing_number(s, chars) || is_copyright(s, chars) ||
      is_command_list(s, chars) || is_label_line(s, chars)) {
    return true;
  }
  if (chars > 120) return false;
  std::string q = squeeze(s);
  return starts_with_share(q, chars) || is_prev_next(q, chars);
}

std::string strip_commands(std::string_view block) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 2> kBrackets{
      std::pair{std::string_view("\u3010"), std::string_view("\u3011")},
      std::pair{std::string_view("["), std::string_view("]")}};
  std::string out;
  std::string_view s = block;
  while (!s.empty()) {
    size_t cut = std::string_view::npos;
    size_t cut_end = 0;
    for (const auto& [open, close] : kBrackets) {
      size_t a = s.find(open);
      if (a == std::string_view::npos || (cut != std::string_view::npos && a >= cut)) continue;
      size_t b = s.find(close, a + open.size());
      if (b == std::string_view::npos) continue;
      if (!is_command(s.substr(a + open.size(), b - a - open.size()))) continue;
      cut = a;
      cut_end = b + close.size();
    }
    if (cut == std::string_view::npos) {
      out.append(s);
      break;
    }
    out.append(s.substr(0, cut));
    s.remove_prefix(cut_end);
  }
  return std::string(trim(out));
}

bool is_related_heading(std::string_view block) {
  std::string_view s = trim(block);
  size_t chars = code_points(s);
  if (chars == 0 || chars > 40) return false;
  std::string q = squeeze(s);
  static constexpr std::array<std::string_view, 26> kHeads{
      "relatedarticles", "relatedstories", "relatedposts",     "relatedcontent",    "relatednews",
      "relatedlinks",    "related",        "relatedreading",   "readmore",          "morestories",
      "morefrom",        "youmayalsolike", "youmightalsolike", "recommendedforyou", "recommended",
      "morenews",        "相关新闻",       "相关阅读",         "相关文章",          "相关报道",
      "推荐阅读",        "延伸阅读",       "热点推荐",         "猜你喜欢",          "热门推荐",
      "相关链接"};
  for (std::string_view h : kHeads) {
    if (q == h) return true;
  }
  if (q.starts_with("morefrom") || q.starts_with("moreon") || q.starts_with("relatedto") ||
      q.starts_with("mostpopular") || q.starts_with("mostread") || q.starts_with("trending") ||
      q.starts_with("latestnews") || q.starts_with("topstories") || q.starts_with("editorspicks") ||
      q.starts_with("recentposts") || q.starts_with("popularposts") || q.starts_with("dontmiss")) {
    return true;
  }
  // "More Washington Examiner", "More in Politics": a short title-case
  // "More ..." line.
  size_t words = 1;
  for (char c : s) words += c == ' ';
  return s.starts_with("More ") && words <= 4;
}

bool is_date_line(std::string_view block) {
  std::string_view s = trim(block);
  size_t chars = code_points(s);
  if (chars < 6 || chars > 60) return false;
  static constexpr std::array<std::string_view, 12> kMonths{
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  size_t digits = 0;
  for (size_t i = 0; i < s.size();) {
    char c = s[i];
    if (is_digit(c)) {
      ++digits;
      ++i;
    } else if (is_ascii_alpha(c)) {
      size_t j = i;
      while (j < s.size() && is_ascii_alpha(s[j])) ++j;
      std::string word;
      for (size_t k = i; k < j; ++k) word += ascii_lower(s[k]);
      bool ok = word == "am" || word == "pm" || word == "utc" || word == "gmt" || word == "et" ||
                word == "updated" || word == "published" || word == "posted" || word == "on" ||
                word == "at" || word == "st" || word == "nd" || word == "rd" || word == "th";
      for (std::string_view m : kMonths) ok = ok || (word.size() >= 3 && word.starts_with(m));
      // Time-zone abbreviations: EST, IST, CEST, PDT, JST, ...
      ok = ok || (word.size() >= 2 && word.size() <= 4 && (word.back() == 't' || word == "utc"));
      for (std::string_view d : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}) {
        ok = ok || (word.size() >= 3 && word.starts_with(d));
      }
      if (!ok) return false;
      i = j;
    } else if (static_cast<unsigned char>(c) < 0x80) {
      if (!(c == ' ' || c == '-' || c == '/' || c == ':' || c == ',' || c == '.' || c == '|' ||
            c == '(' || c == ')')) {
        return false;
      }
      ++i;
    } else if (s.substr(i).starts_with("年") || s.substr(i).starts_with("月") ||
               s.substr(i).starts_with("日") || s.substr(i).starts_with("时") ||
               s.substr(i).starts_with("分") || s.substr(i).starts_with("\u00a0")) {
      i += s.substr(i).starts_with("\u00a0") ? 2 : 3;
    } else {
      return false;
    }
  }
  return digits >= 4;
}

}  // namespace docpipe::clean_html
