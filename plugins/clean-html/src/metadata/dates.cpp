#include "metadata/dates.hpp"

#include <array>
#include <cstdio>

#include "ascii.hpp"

namespace docpipe::clean_html {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

struct Fields {
  int year = 0, month = 0, day = 0;
  int hour = -1, minute = 0, second = 0;
  bool has_zone = false;
  int zone_minutes = 0;  // east of UTC
};

// A cursor over the text; every reader returns false and leaves pos alone on
// failure, so alternatives can be tried one after another.
struct Cursor {
  std::string_view s;
  size_t pos;

  bool at_end() const { return pos >= s.size(); }
  char peek(size_t ahead = 0) const { return pos + ahead < s.size() ? s[pos + ahead] : '\0'; }

  // Between min and max digits, not followed by another digit.
  bool number(size_t min, size_t max, int& out) {
    size_t n = 0;
    int v = 0;
    while (n < max && is_digit(peek(n))) v = v * 10 + (peek(n++) - '0');
    if (n < min || is_digit(peek(n))) return false;
    pos += n;
    out = v;
    return true;
  }
  bool literal(std::string_view lit) {
    if (s.substr(pos, lit.size()) != lit) return false;
    pos += lit.size();
    return true;
  }
  bool ichar(char c) {
    if (ascii_lower(peek()) != c) return false;
    ++pos;
    return true;
  }
  size_t spaces(size_t max = 3) {
    size_t n = 0;
    while (n < max && (peek() == ' ' || peek() == '\t' || peek() == '\n')) ++pos, ++n;
    // U+3000 and NBSP appear between a Chinese date and its time.
    while (n < max && (s.substr(pos, 3) == "\u3000" || s.substr(pos, 2) == "\u00a0")) {
      pos += s.substr(pos, 3) == "\u3000" ? 3 : 2;
      ++n;
    }
    return n;
  }
};

constexpr std::array<std::string_view, 12> kMonths = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

// "Feb", "Feb.", "February", "Sept": a month name not glued to more letters.
bool month_name(Cursor& c, int& month) {
  size_t n = 0;
  while (n < 10 && is_ascii_alpha(c.peek(n))) ++n;
  if (n < 3 || is_ascii_alpha(c.peek(n))) return false;
  std::string word;
  for (size_t i = 0; i < n; ++i) word += ascii_lower(c.peek(i));
  for (size_t m = 0; m < kMonths.size(); ++m) {
    std::string_view full = kMonths[m];
    bool ok = word == full || (n == 3 && full.substr(0, 3) == word) || (m == 8 && word == "sept");
    if (ok) {
      c.pos += n;
      if (c.peek() == '.') ++c.pos;
      month = static_cast<int>(m) + 1;
      return true;
    }
  }
  return false;
}

// "st", "nd", "rd", "th" after a day number.
void ordinal_suffix(Cursor& c) {
  char a = ascii_lower(c.peek()), b = ascii_lower(c.peek(1));
  bool ok = (a == 's' && b == 't') || (a == 'n' && b == 'd') || (a == 'r' && b == 'd') ||
            (a == 't' && b == 'h');
  if (ok && !is_ascii_alpha(c.peek(2))) c.pos += 2;
}

// Z, +08:00, +0800, -05, or a following " GMT" / " UTC" (optionally with an offset).
void zone(Cursor& c, Fields& f) {
  Cursor t = c;
  if (t.peek() == 'Z' && !is_ascii_alpha(t.peek(1))) {
    c.pos = t.pos + 1;
    f.has_zone = true;
    f.zone_minutes = 0;
    return;
  }
  t.spaces(1);
  bool named = false;
  if (t.literal("GMT") || t.literal("UTC")) {
    named = true;
    c.pos = t.pos;
    f.has_zone = true;
    f.zone_minutes = 0;
  }
  char sign = t.peek();
  if (sign != '+' && sign != '-') return;
  // After a space only "+0000" counts: " - 05" is a separator before a number.
  bool spaced = !named && t.pos != c.pos;
  ++t.pos;
  int hh = 0, mm = 0;
  if (t.number(4, 4, hh)) {
    mm = hh % 100;
    hh /= 100;
  } else if (!spaced && t.number(2, 2, hh)) {
    if (t.peek() == ':') {
      Cursor u = t;
      ++u.pos;
      if (u.number(2, 2, mm)) t = u;
    }
  } else {
    return;
  }
  if (hh > 14 || mm > 59) return;
  c.pos = t.pos;
  f.has_zone = true;
  f.zone_minutes = (sign == '-' ? -1 : 1) * (hh * 60 + mm);
}

// HH:MM[:SS][.fff][ am|pm][zone] after a date; `sep_t` allows the ISO "T".
void time_of_day(Cursor& c, Fields& f, bool sep_t) {
  Cursor t = c;
  if (sep_t && (t.peek() == 'T' || t.peek() == 't')) {
    ++t.pos;
  } else {
    t.spaces();
    if (t.peek() == ',') {
      ++t.pos;
      t.spaces();
    }
    if (t.literal("at ")) t.spaces();
  }
  int hh = 0, mm = 0, ss = 0;
  if (!t.number(1, 2, hh) || !t.literal(":") || !t.number(2, 2, mm)) {
    // Chinese times written as 08时30分.
    t = c;
    t.spaces();
    if (!t.number(1, 2, hh) || !t.literal("时") || !t.number(1, 2, mm) || !t.literal("分")) return;
    if (t.number(1, 2, ss) && !t.literal("秒")) return;
  } else if (t.peek() == ':') {
    Cursor u = t;
    ++u.pos;
    if (u.number(2, 2, ss)) t = u;
  }
  if (t.peek() == '.' && is_digit(t.peek(1))) {
    ++t.pos;
    while (is_digit(t.peek())) ++t.pos;
  }
  {
    Cursor u = t;
    u.spaces(1);
    char a = ascii_lower(u.peek()), m = ascii_lower(u.peek(1));
    if ((a == 'a' || a == 'p') && m == 'm' && !is_ascii_alpha(u.peek(2)) && hh >= 1 && hh <= 12) {
      hh = hh % 12 + (a == 'p' ? 12 : 0);
      t.pos = u.pos + 2;
    }
  }
  if (hh > 23 || mm > 59 || ss > 59) return;
  f.hour = hh;
  f.minute = mm;
  f.second = ss;
  c = t;
  zone(c, f);
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool valid(const Fields& f) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (f.year < 1900 || f.year > 2100 || f.month < 1 || f.month > 12 || f.day < 1) return false;
  int days = kDays[static_cast<size_t>(f.month - 1)] + (f.month == 2 && leap(f.year) ? 1 : 0);
  return f.day <= days;
}

std::string to_iso(const Fields& f) {
  char buf[40];
  int n = 0;
  if (f.hour < 0) {
    n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", f.year, f.month, f.day);
  } else {
    n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", f.year, f.month, f.day,
                      f.hour, f.minute, f.second);
    if (f.has_zone) {
      int z = f.zone_minutes < 0 ? -f.zone_minutes : f.zone_minutes;
      n += std::snprintf(buf + n, sizeof buf - static_cast<size_t>(n), "%c%02d:%02d",
                         f.zone_minutes < 0 ? '-' : '+', z / 60, z % 60);
    }
  }
  return std::string(buf, static_cast<size_t>(n));
}

// 2024-02-20, 2024/2/20, 2024.02.20, 2024年2月20日 — the year already read.
bool after_year(Cursor& c, Fields& f) {
  if (c.literal("年")) {
    if (!c.number(1, 2, f.month) || !c.literal("月") || !c.number(1, 2, f.day)) return false;
    if (!c.literal("日")) c.literal("号");
    time_of_day(c, f, false);
    return true;
  }
  char sep = c.peek();
  if (sep != '-' && sep != '/' && sep != '.') return false;
  ++c.pos;
  if (!c.number(1, 2, f.month) || c.peek() != sep) return false;
  ++c.pos;
  if (!c.number(1, 2, f.day)) return false;
  time_of_day(c, f, sep == '-');
  return true;
}

// "20 February 2024", "20th Feb. 2024", "20 Feb, 2024" — the day already read.
bool after_day(Cursor& c, Fields& f) {
  ordinal_suffix(c);
  if (c.peek() == '.') ++c.pos;  // German-style "20. Februar" is not matched, but "20." is harmless
  if (c.spaces() == 0) return false;
  if (c.literal("of ")) c.spaces();
  if (!month_name(c, f.month)) return false;
  if (c.peek() == ',') ++c.pos;
  if (c.spaces() == 0) return false;
  if (!c.number(4, 4, f.year)) return false;
  time_of_day(c, f, false);
  return true;
}

// "Feb 20, 2024", "February 20th, 2024", "Feb. 20 2024" — starting at the month.
bool month_first(Cursor& c, Fields& f) {
  if (!month_name(c, f.month)) return false;
  if (c.spaces() == 0) return false;
  if (!c.number(1, 2, f.day)) return false;
  ordinal_suffix(c);
  if (c.peek() == ',') ++c.pos;
  if (c.spaces() == 0) return false;
  if (!c.number(4, 4, f.year)) return false;
  time_of_day(c, f, false);
  return true;
}

}  // namespace

std::optional<DateMatch> match_date_at(std::string_view text, size_t pos) {
  if (pos >= text.size()) return std::nullopt;
  char first = text[pos];
  char before = pos > 0 ? text[pos - 1] : ' ';
  Cursor c{text, pos};
  Fields f;
  bool ok = false;
  if (is_digit(first)) {
    if (is_digit(before) || is_ascii_alpha(before)) return std::nullopt;
    int n = 0;
    Cursor y = c;
    if (y.number(4, 4, n)) {
      f.year = n;
      c = y;
      ok = after_year(c, f);
    } else if (c.number(1, 2, n)) {
      f.day = n;
      ok = after_day(c, f);
    }
  } else if (is_ascii_alpha(first)) {
    if (is_ascii_alpha(before)) return std::nullopt;
    ok = month_first(c, f);
  }
  if (!ok || !valid(f)) return std::nullopt;
  return DateMatch{pos, c.pos, to_iso(f)};
}

std::optional<DateMatch> find_date(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    char ch = text[i];
    if (!is_digit(ch) && !is_ascii_alpha(ch)) continue;
    if (auto m = match_date_at(text, i)) return m;
    // Skip the rest of this word or number: no date starts inside it.
    while (i + 1 < text.size() && (is_digit(text[i + 1]) || is_ascii_alpha(text[i + 1]))) ++i;
  }
  return std::nullopt;
}

std::optional<std::string> normalize_date(std::string_view value) {
  // Only the start of a value is read: a meta content is short, and a long
  // one is not a date.
  value = value.substr(0, 200);
  size_t b = 0;
  while (b < value.size() && (value[b] == ' ' || value[b] == '\t' || value[b] == '\n')) ++b;
  value.remove_prefix(b);
  // Compact 20240220 or 20240220T125759 (some meta tags).
  if (value.size() >= 8) {
    bool digits8 = true;
    for (size_t i = 0; i < 8; ++i) digits8 = digits8 && is_digit(value[i]);
    if (digits8 && (value.size() == 8 || !is_digit(value[8]))) {
      std::string spaced = std::string(value.substr(0, 4)) + "-" + std::string(value.substr(4, 2)) +
                           "-" + std::string(value.substr(6, 2));
      if (auto m = match_date_at(spaced, 0)) return m->iso;
      return std::nullopt;
    }
  }
  if (auto m = find_date(value)) return m->iso;
  return std::nullopt;
}

}  // namespace docpipe::clean_html
