#include "pii_scanner.hpp"

#include <algorithm>

namespace docpipe::filter_pii {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_local_char(char c) {
  return is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

char at(std::string_view t, size_t i) { return i < t.size() ? t[i] : '\0'; }
char before(std::string_view t, size_t i) { return i > 0 ? t[i - 1] : '\0'; }

// ---- e-mail: local@label.label.tld, the TLD at least two letters.
void find_emails(std::string_view t, std::vector<PiiMatch>& out) {
  for (size_t at_sign = t.find('@'); at_sign != std::string_view::npos;
       at_sign = t.find('@', at_sign + 1)) {
    size_t b = at_sign;
    while (b > 0 && is_local_char(t[b - 1]) && at_sign - b < 64) --b;
    while (b < at_sign && (t[b] == '.' || t[b] == '-')) ++b;  // no leading dot
    if (b == at_sign) continue;
    size_t e = at_sign + 1, last_dot = 0;
    size_t label = 0;
    while (e < t.size() && (is_alnum(t[e]) || t[e] == '-' || t[e] == '.')) {
      if (t[e] == '.') {
        if (label == 0 || !is_alnum(at(t, e + 1))) break;
        last_dot = e;
        label = 0;
      } else {
        ++label;
      }
      ++e;
    }
    if (last_dot == 0) continue;
    size_t tld_letters = 0;
    for (size_t i = last_dot + 1; i < e; ++i) tld_letters += is_alpha(t[i]);
    if (tld_letters < 2 || tld_letters != e - last_dot - 1) continue;
    out.push_back({b, e, PiiKind::email});
  }
}

// ---- IPv4: four octets 0-255, not part of a longer dotted number.
bool ipv4_at(std::string_view t, size_t i, size_t& end) {
  size_t p = i;
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (at(t, p) != '.') return false;
      ++p;
    }
    size_t digits = 0;
    unsigned value = 0;
    while (is_digit(at(t, p)) && digits < 4) {
      value = value * 10 + static_cast<unsigned>(t[p] - '0');
      ++p;
      ++digits;
    }
    if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && t[p - digits] == '0'))
      return false;
  }
  if (is_alnum(at(t, p)) || (at(t, p) == '.' && is_digit(at(t, p + 1)))) return false;
  end = p;
  return true;
}

void find_ipv4(std::string_view t, std::vector<PiiMatch>& out) {
  for (size_t i = 0; i < t.size(); ++i) {
    if (!is_digit(t[i]) || is_alnum(before(t, i)) || before(t, i) == '.') continue;
    size_t end = 0;
    if (ipv4_at(t, i, end)) {
      out.push_back({i, end, PiiKind::ip});
      i = end;
    } else {
      while (i + 1 < t.size() && (is_digit(t[i + 1]) || t[i + 1] == '.')) ++i;
    }
  }
}

// ---- IPv6: eight hex groups, or fewer with one "::" (and at least two groups, so "a::b" in code
// is not an address unless written as one), optionally ending in a dotted IPv4.
bool ipv6_valid(std::string_view s) {
  size_t compress = s.find("::");
  if (compress != std::string_view::npos && s.find("::", compress + 1) != std::string_view::npos)
    return false;
  size_t groups = 0, i = 0;
  while (i < s.size()) {
    if (s[i] == ':') {
      ++i;
      continue;
    }
    size_t e = i;
    while (e < s.size() && s[e] != ':') ++e;
    std::string_view g = s.substr(i, e - i);
    if (g.find('.') != std::string_view::npos) {
      size_t end = 0;
      if (e != s.size() || !ipv4_at(s, i, end) || end != s.size()) return false;
      groups += 2;
    } else {
      if (g.size() > 4 || !std::all_of(g.begin(), g.end(), is_hex)) return false;
      ++groups;
    }
    i = e;
  }
  if (s.front() == ':' && s.substr(0, 2) != "::") return false;
  if (s.back() == ':' && !s.ends_with("::")) return false;
  if (compress == std::string_view::npos) return groups == 8;
  // Compressed: at most 7 groups, and at least one digit somewhere (rules out "add::dec").
  return groups >= 2 && groups <= 7 && std::any_of(s.begin(), s.end(), is_digit);
}

void find_ipv6(std::string_view t, std::vector<PiiMatch>& out) {
  for (size_t i = t.find(':'); i != std::string_view::npos; i = t.find(':', i + 1)) {
    size_t b = i;
    while (b > 0 && (is_hex(t[b - 1]) || t[b - 1] == ':' || t[b - 1] == '.')) --b;
    size_t e = i;
    while (e < t.size() && (is_hex(t[e]) || t[e] == ':' || t[e] == '.')) ++e;
    while (e > i && t[e - 1] == '.') --e;  // a sentence's full stop
    if (is_alnum(before(t, b)) || is_alnum(at(t, e)) || before(t, b) == '_') {
      i = e;
      continue;
    }
    std::string_view cand = t.substr(b, e - b);
    if (std::count(cand.begin(), cand.end(), ':') >= 2 && ipv6_valid(cand)) {
      out.push_back({b, e, PiiKind::ip});
    }
    i = e;
  }
}

// ---- Chinese resident ID: 17 digits and a digit or X; region 1-8, a birth date 1900-2099.
bool cn_id_at(std::string_view t, size_t i) {
  if (i + 18 > t.size()) return false;
  for (size_t k = 0; k < 17; ++k) {
    if (!is_digit(t[i + k])) return false;
  }
  char last = t[i + 17];
  if (!is_digit(last) && last != 'X' && last != 'x') return false;
  if (t[i] < '1' || t[i] > '8') return false;
  int year =
      (t[i + 6] - '0') * 1000 + (t[i + 7] - '0') * 100 + (t[i + 8] - '0') * 10 + (t[i + 9] - '0');
  int month = (t[i + 10] - '0') * 10 + (t[i + 11] - '0');
  int day = (t[i + 12] - '0') * 10 + (t[i + 13] - '0');
  return year >= 1900 && year <= 2099 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

void find_cn_ids(std::string_view t, std::vector<PiiMatch>& out) {
  for (size_t i = 0; i + 18 <= t.size(); ++i) {
    if (!is_digit(t[i]) || is_alnum(before(t, i))) continue;
    if (cn_id_at(t, i) && !is_alnum(at(t, i + 18))) {
      out.push_back({i, i + 18, PiiKind::cn_id});
      i += 17;
    } else {
      while (i + 1 < t.size() && is_alnum(t[i + 1])) ++i;
    }
  }
}

// ---- Phones: a run of digits and separators (space, - . ( )), starting with + or a digit or
// "(", ending in a digit. Kept when it is an international number (+, 8-15 digits), a
// mainland-China mobile (1[3-9] and 9 more digits, with or without +86/86 and separators), or a
// separated 10-digit North American number (area code, exchange, line: 3-3-4).
bool is_phone_sep(char c) { return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')'; }

bool is_cn_mobile(std::string_view digits) {
  if (digits.size() == 13 && digits.substr(0, 2) == "86") digits.remove_prefix(2);
  return digits.size() == 11 && digits[0] == '1' && digits[1] >= '3' && digits[1] <= '9';
}

void find_phones(std::string_view t, std::vector<PiiMatch>& out) {
  for (size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    if (!(is_digit(c) || c == '+' || c == '(')) continue;
    char prev = before(t, i);
    if (is_alnum(prev) || prev == '.' || prev == '-' || prev == '/' || prev == '+') {
      continue;
    }
    size_t e = i + (c == '+' ? 1 : 0);
    std::string digits;
    std::vector<size_t> group_sizes;
    size_t group = 0, last_digit_end = 0;
    size_t seps_in_row = 0;
    while (e < t.size() && (is_digit(t[e]) || is_phone_sep(t[e]))) {
      if (is_digit(t[e])) {
        digits += t[e];
        ++group;
        last_digit_end = e + 1;
        seps_in_row = 0;
      } else {
        if (++seps_in_row > 2) break;
        if (group > 0) group_sizes.push_back(group);
        group = 0;
      }
      ++e;
      if (digits.size() > 16) break;
    }
    if (group > 0) group_sizes.push_back(group);
    if (last_digit_end == 0) continue;
    e = last_digit_end;
    if (is_alnum(at(t, e)) || (at(t, e) == '.' && is_digit(at(t, e + 1))) || at(t, e) == '-') {
      i = e;
      continue;
    }
    bool international = c == '+' && digits.size() >= 8 && digits.size() <= 15;
    bool cn_mobile = is_cn_mobile(digits);
    bool north_american = digits.size() == 10 && group_sizes.size() == 3 && group_sizes[0] == 3 &&
                          group_sizes[1] == 3 && group_sizes[2] == 4;
    bool na_with_one = digits.size() == 11 && digits[0] == '1' && group_sizes.size() == 4 &&
                       group_sizes[0] == 1 && group_sizes[1] == 3 && group_sizes[2] == 3 &&
                       group_sizes[3] == 4;
    if (international || cn_mobile || north_american || na_with_one) {
      // A "(" that opens a number belongs to it; one that only surrounds it does not matter.
      out.push_back({i, e, PiiKind::phone});
      i = e;
    }
  }
}

}  // namespace

std::vector<PiiMatch> find_pii(std::string_view text, const PiiKinds& kinds) {
  std::vector<PiiMatch> all;
  if (kinds[static_cast<size_t>(PiiKind::email)]) find_emails(text, all);
  if (kinds[static_cast<size_t>(PiiKind::ip)]) {
    find_ipv6(text, all);
    find_ipv4(text, all);
  }
  if (kinds[static_cast<size_t>(PiiKind::cn_id)]) find_cn_ids(text, all);
  if (kinds[static_cast<size_t>(PiiKind::phone)]) find_phones(text, all);
  std::sort(all.begin(), all.end(), [](const PiiMatch& a, const PiiMatch& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  std::vector<PiiMatch> kept;
  for (const PiiMatch& m : all) {
    if (kept.empty() || m.begin >= kept.back().end) kept.push_back(m);
  }
  return kept;
}

std::string redact(std::string_view text, const std::vector<PiiMatch>& matches,
                   const std::array<std::string, pii_kind_count>& placeholders) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  for (const PiiMatch& m : matches) {
    out.append(text.substr(pos, m.begin - pos));
    out += placeholders[static_cast<size_t>(m.kind)];
    pos = m.end;
  }
  out.append(text.substr(pos));
  return out;
}

uint64_t map_offset(uint64_t offset, const std::vector<PiiMatch>& matches,
                    const std::array<std::string, pii_kind_count>& placeholders) {
  int64_t shift = 0;
  for (const PiiMatch& m : matches) {
    if (offset <= m.begin) break;
    const std::string& p = placeholders[static_cast<size_t>(m.kind)];
    if (offset < m.end) return m.begin + shift;
    shift += static_cast<int64_t>(p.size()) - static_cast<int64_t>(m.end - m.begin);
  }
  return static_cast<uint64_t>(static_cast<int64_t>(offset) + shift);
}

}  // namespace docpipe::filter_pii
