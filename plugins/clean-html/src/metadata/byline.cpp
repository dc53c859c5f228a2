// A byline is recognised by accounting for the whole block: it must be made
// of labelled fields (来源：…, 作者：…, 记者 …, 编辑：…), dates and separators.
// Any other text makes it prose, so a sentence that merely mentions 记者 or
// 来源 is never taken for a byline.
#include "metadata/byline.hpp"

#include <array>
#include <vector>

#include "metadata/dates.hpp"
#include "metadata/text_util.hpp"

namespace docpipe::clean_html {
namespace {

using meta_text::count_code_points;
using meta_text::decode_at;
using meta_text::space_at;
using meta_text::trim;

// Bylines are one or two lines; a longer block is prose or a list.
constexpr size_t kMaxBlockBytes = 400;
constexpr size_t kMaxNameCodePoints = 16;
constexpr size_t kMaxNames = 8;
constexpr size_t kMaxSourceCodePoints = 30;

enum class Field : uint8_t { source, author, editor, date, ignore, word };

struct Label {
  std::string_view text;
  Field field;
  // Without a colon the label must be followed by whitespace (记者 李四), or,
  // for `glued`, may run straight into a short name (本报记者王五).
  bool needs_colon;
  bool glued;
};

// Longest first where one label is a prefix of another.
constexpr std::array<Label, 43> kLabels = {{
    {"责任编辑", Field::editor, false, false},
    {"值班编辑", Field::editor, false, false},
    {"本报记者", Field::author, false, true},
    {"特约记者", Field::author, false, true},
    {"实习记者", Field::author, false, true},
    {"见习记者", Field::author, false, true},
    {"特派记者", Field::author, false, true},
    {"首席记者", Field::author, false, true},
    {"新闻来源", Field::source, false, false},
    {"文章来源", Field::source, false, false},
    {"信息来源", Field::source, false, false},
    {"稿件来源", Field::source, false, false},
    {"发布时间", Field::date, false, false},
    {"发表时间", Field::date, false, false},
    {"发布日期", Field::date, false, false},
    {"更新时间", Field::ignore, true, false},
    {"浏览次数", Field::ignore, true, false},
    {"来源", Field::source, false, false},
    {"稿源", Field::source, true, false},
    {"出处", Field::source, true, false},
    {"作者", Field::author, false, false},
    {"记者", Field::author, false, false},
    {"撰文", Field::author, false, false},
    {"撰稿", Field::author, true, false},
    {"通讯员", Field::author, false, false},
    {"责编", Field::editor, false, false},
    {"编辑", Field::editor, false, false},
    {"主编", Field::ignore, true, false},
    {"校对", Field::ignore, false, false},
    {"审核", Field::ignore, true, false},
    {"审校", Field::ignore, true, false},
    {"监制", Field::ignore, true, false},
    {"摄影", Field::ignore, false, false},
    {"时间", Field::date, true, false},
    {"日期", Field::date, true, false},
    {"字号", Field::ignore, true, false},
    {"点击", Field::ignore, true, false},
    {"浏览", Field::ignore, true, false},
    {"阅读", Field::ignore, true, false},
    {"文", Field::author, true, false},
    // Words that stand alone in byline bars.
    {"本报讯", Field::word, false, false},
    {"打印", Field::word, false, false},
    {"分享到", Field::word, false, false},
}};

bool is_colon_at(std::string_view s, size_t pos, size_t& len) {
  if (s.substr(pos, 1) == ":") return (len = 1), true;
  if (s.substr(pos, 3) == "：") return (len = 3), true;
  return false;
}

// Separators between fields: whitespace, brackets, bars, dots.
size_t separator_at(std::string_view s, size_t pos) {
  if (size_t n = space_at(s, pos)) return n;
  char c = s[pos];
  if (c == '|' || c == '(' || c == ')' || c == '[' || c == ']' || c == '/' || c == ',' || c == ';')
    return 1;
  static constexpr std::array<std::string_view, 12> kWide = {"（", "）", "【", "】", "｜", "丨",
                                                             "·",  "，", "、", "；", "〔", "〕"};
  for (std::string_view w : kWide) {
    if (s.substr(pos, w.size()) == w) return w.size();
  }
  return 0;
}

// Closes a value: brackets and bars (but not ',', '、' which join names).
bool closes_value_at(std::string_view s, size_t pos) {
  char c = s[pos];
  if (c == '|' || c == ')' || c == ']') return true;
  static constexpr std::array<std::string_view, 5> kClose = {"）", "】", "｜", "丨", "〕"};
  for (std::string_view w : kClose) {
    if (s.substr(pos, w.size()) == w) return true;
  }
  return false;
}

struct LabelHit {
  const Label* label = nullptr;
  size_t end = 0;  // after the label and its colon
  bool colon = false;
};

// A label at pos, with what follows it checked.
std::optional<LabelHit> label_at(std::string_view s, size_t pos) {
  for (const Label& l : kLabels) {
    if (s.substr(pos, l.text.size()) != l.text) continue;
    size_t after = pos + l.text.size();
    size_t n = 0;
    if (after < s.size() && is_colon_at(s, after, n)) return LabelHit{&l, after + n, true};
    if (l.needs_colon) continue;
    if (after >= s.size() || space_at(s, after) || separator_at(s, after)) {
      return LabelHit{&l, after, false};
    }
    if (l.glued || l.field == Field::word) return LabelHit{&l, after, false};
  }
  return std::nullopt;
}

// Where the value starting at pos ends: at a closing bracket or bar, at a
// label with a colon, or after a separator at a label or a date.
size_t value_end(std::string_view s, size_t pos) {
  size_t i = pos;
  bool after_sep = false;
  while (i < s.size()) {
    if (closes_value_at(s, i)) return i;
    if (auto hit = label_at(s, i); hit && (hit->colon || after_sep)) return i;
    if (after_sep && match_date_at(s, i)) return i;
    if (size_t n = separator_at(s, i)) {
      after_sep = true;
      i += n;
      continue;
    }
    after_sep = false;
    size_t len = 0;
    decode_at(s, i, len);
    i += len;
  }
  return i;
}

bool has_sentence_punctuation(std::string_view v) {
  static constexpr std::array<std::string_view, 6> kStops = {"。", "！", "？", "；", "“", "”"};
  for (std::string_view w : kStops) {
    if (v.find(w) != std::string_view::npos) return true;
  }
  return false;
}

// Words that say a person's role in a byline, not their name; longest
// first where one is a prefix of another.
constexpr std::array<std::string_view, 16> kRoleWords = {
    "本报记者", "特约记者",   "实习记者",   "见习记者", "特派记者", "首席记者",
    "摄影记者", "本报通讯员", "特约通讯员", "通讯员",   "实习生",   "撰稿人",
    "记者",     "编辑",       "作者",       "摄影"};

// A name without the role word before it: "记者" -> "", "实习生李四" -> "李四".
std::string_view without_role(std::string_view name) {
  for (std::string_view role : kRoleWords) {
    if (name.starts_with(role)) return trim(name.substr(role.size()));
  }
  return name;
}

// "张三 李四", "张三、李四", "John Smith, Jane Doe" -> names joined by "、".
std::optional<std::string> parse_names(std::string_view v) {
  std::vector<std::string_view> names;
  bool cjk = meta_text::has_cjk(v);
  size_t start = 0;
  auto flush = [&](size_t end) {
    std::string_view name = trim(v.substr(start, end - start));
    if (!name.empty()) names.push_back(name);
  };
  for (size_t i = 0; i < v.size();) {
    size_t n = 0;
    if (v.substr(i, 3) == "、" || v.substr(i, 3) == "，")
      n = 3;
    else if (v[i] == ',' || v[i] == '/' || v[i] == ';')
      n = 1;
    else if (cjk)
      n = space_at(v, i);  // Chinese names are separated by spaces
    if (n > 0) {
      flush(i);
      i += n;
      start = i;
    } else {
      ++i;
    }
  }
  flush(v.size());
  if (names.empty() || names.size() > kMaxNames) return std::nullopt;
  std::string out;
  for (std::string_view name : names) {
    name = without_role(name);
    if (name.empty()) continue;  // a role word standing alone: 作者：记者 张三
    if (count_code_points(name) > kMaxNameCodePoints) return std::nullopt;
    if (!out.empty()) out += "、";
    out += name;
  }
  return out;
}

// "王五_NBJ11279" (NetEase's editor codes) -> "王五".
std::string_view strip_editor_code(std::string_view v) {
  size_t us = v.rfind('_');
  if (us == std::string_view::npos || us == 0) return v;
  for (char c : v.substr(us + 1)) {
    bool alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (!alnum) return v;
  }
  return meta_text::has_cjk(v.substr(0, us)) ? v.substr(0, us) : v;
}

// A short run of text right before 记者 names the agency: "新华社记者 张三".
std::optional<size_t> agency_before_reporter(std::string_view s, size_t pos) {
  size_t i = pos;
  for (size_t cps = 0; i < s.size() && cps <= 10; ++cps) {
    if (s.substr(i, 6) == "记者") return i;
    if (separator_at(s, i) || has_sentence_punctuation(s.substr(i, 3))) return std::nullopt;
    size_t len = 0;
    decode_at(s, i, len);
    i += len;
  }
  return std::nullopt;
}

}  // namespace

std::optional<Byline> parse_byline(std::string_view block_text) {
  std::string_view s = trim(block_text);
  if (s.empty() || s.size() > kMaxBlockBytes) return std::nullopt;

  Byline out;
  bool labelled = false;  // at least one field with a label
  size_t i = 0;
  while (i < s.size()) {
    if (size_t n = separator_at(s, i)) {
      i += n;
      continue;
    }
    if (auto d = match_date_at(s, i)) {
      if (out.date.empty()) out.date = d->iso;
      i = d->end;
      continue;
    }
    std::optional<LabelHit> hit = label_at(s, i);
    std::string_view agency;
    if (!hit) {
      auto reporter = agency_before_reporter(s, i);
      if (!reporter) return std::nullopt;  // text that is no field: prose
      agency = s.substr(i, *reporter - i);
      hit = label_at(s, *reporter);
      if (!hit || hit->label->field != Field::author) return std::nullopt;
    }
    const Label& label = *hit->label;
    i = hit->end;
    if (label.field == Field::word) continue;
    while (size_t n = space_at(s, i)) i += n;
    size_t end = value_end(s, i);
    std::string_view value = trim(s.substr(i, end - i));
    i = end;
    if (has_sentence_punctuation(value)) return std::nullopt;
    labelled = true;
    switch (label.field) {
      case Field::source:
        if (count_code_points(value) > kMaxSourceCodePoints) return std::nullopt;
        if (out.source.empty()) out.source = meta_text::collapse_spaces(value);
        break;
      case Field::author: {
        if (!agency.empty() && out.source.empty()) out.source = std::string(agency);
        if (value.empty()) break;
        auto names = parse_names(value);
        if (!names) return std::nullopt;
        if (!out.author.empty()) out.author += "、";
        out.author += *names;
        break;
      }
      case Field::editor: {
        value = strip_editor_code(value);
        if (count_code_points(value) > kMaxSourceCodePoints) return std::nullopt;
        if (out.editor.empty()) out.editor = meta_text::collapse_spaces(value);
        break;
      }
      case Field::date:
        if (auto d = find_date(value); d && out.date.empty())
          out.date = d->iso;
        else if (!d && !value.empty())
          return std::nullopt;
        break;
      case Field::ignore:
      case Field::word:
        if (count_code_points(value) > kMaxSourceCodePoints) return std::nullopt;
        break;
    }
  }
  if (!labelled) return std::nullopt;
  if (out.source.empty() && out.author.empty() && out.editor.empty() && out.date.empty()) {
    return std::nullopt;
  }
  return out;
}

}  // namespace docpipe::clean_html
