#include "robots.hpp"

#include <charconv>
#include <cstdlib>

namespace docpipe::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int hex_value(char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }

bool is_unreserved(unsigned char c) {  // RFC 3986 2.3
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

void append_escape(std::string& out, unsigned char c) {
  static constexpr char digits[] = "0123456789ABCDEF";
  out += '%';
  out += digits[c >> 4];
  out += digits[c & 15];
}

// What a robots.txt line may start with, Google's common misspellings included.
const char* canonical_key(std::string_view key) {
  if (key == "user-agent" || key == "useragent" || key == "user agent") return "user-agent";
  if (key == "disallow" || key == "dissallow" || key == "dissalow" || key == "disalow" ||
      key == "diasllow" || key == "disallaw")
    return "disallow";
  if (key == "allow") return "allow";
  if (key == "crawl-delay") return "crawl-delay";
  if (key == "sitemap" || key == "site-map") return "sitemap";
  return nullptr;
}

struct Line {
  const char* key = nullptr;
  std::string_view value;
};

// Splits "key: value # comment" (or "key value", which Google's parser accepts too);
// false for lines that are not directives this parser knows.
bool split_line(std::string_view raw, Line& out) {
  if (size_t hash = raw.find('#'); hash != std::string_view::npos) raw = raw.substr(0, hash);
  raw = trim(raw);
  size_t colon = raw.find(':');
  size_t key_end = colon;
  size_t value_start = colon + 1;
  if (colon == std::string_view::npos) {
    // Without a colon the key is what comes before the first blank ("user agent" aside).
    key_end = raw.find_first_of(" \t");
    if (key_end == std::string_view::npos) return false;
    value_start = key_end + 1;
  }
  out.key = canonical_key(lower(trim(raw.substr(0, key_end))));
  out.value = trim(raw.substr(value_start));
  return out.key != nullptr;
}

// The agent a User-agent line names: "*", or its product token in lower case.
std::string agent_of(std::string_view value) {
  if (!value.empty() && value.front() == '*') return "*";
  return product_token(value);
}

}  // namespace

std::string product_token(std::string_view user_agent) {
  user_agent = trim(user_agent);
  size_t end = 0;
  while (end < user_agent.size()) {
    char c = user_agent[end];
    bool token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
    if (!token) break;
    ++end;
  }
  return lower(user_agent.substr(0, end));
}

std::string normalize_robots_path(std::string_view s, bool pattern) {
  std::string out;
  out.reserve(s.size() + 8);
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '%' && i + 2 < s.size() && is_hex(s[i + 1]) && is_hex(s[i + 2])) {
      // RFC 9309 2.2.2: escapes of unreserved characters are decoded, the others kept
      // (their hex in upper case, so that %7e and %7E compare equal).
      auto decoded = static_cast<unsigned char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      if (is_unreserved(decoded))
        out += static_cast<char>(decoded);
      else
        append_escape(out, decoded);
      i += 2;
    } else if (c >= 0x80 || c <= 0x20 || c == 0x7f) {
      append_escape(out, c);  // UTF-8 and blanks compare in their encoded form
    } else if (!pattern && (c == '*' || c == '$')) {
      append_escape(out, c);  // a pattern writes a literal '*' or '$' as %2A / %24
    } else if (pattern && c == '$' && i + 1 != s.size()) {
      append_escape(out, c);  // '$' is special at the end of a pattern only
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

bool robots_pattern_matches(std::string_view pattern, std::string_view path) {
  bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  // Greedy wildcard matching with one backtrack point: linear for patterns without '*',
  // O(pattern x path) at worst, never exponential.
  size_t p = 0, s = 0;
  size_t star_p = std::string_view::npos, star_s = 0;
  while (true) {
    if (p == pattern.size()) {
      // Without '$' a rule matches any path it is a prefix of.
      if (!anchored || s == path.size()) return true;
    } else if (pattern[p] == '*') {
      star_p = p++;
      star_s = s;
      continue;
    } else if (s < path.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
      continue;
    }
    if (star_p == std::string_view::npos || star_s >= path.size()) return false;
    p = star_p + 1;
    s = ++star_s;
  }
}

RobotsRules RobotsRules::allow_all() { return RobotsRules(); }

RobotsRules RobotsRules::disallow_all(std::string reason) {
  RobotsRules r;
  r.disallow_everything_ = true;
  r.blanket_reason_ = std::move(reason);
  return r;
}

RobotsRules RobotsRules::parse(std::string_view text, std::string_view user_agent) {
  const std::string token = product_token(user_agent);
  RobotsRules out;
  if (text.size() > max_bytes) text = text.substr(0, max_bytes);
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);

  // One pass collects the rules of the groups naming our product token and of the '*'
  // groups; groups naming the same agent are merged, as RFC 9309 asks. A group naming us
  // counts even without rules (it then allows everything).
  struct Collected {
    std::vector<Rule> rules;
    std::optional<double> delay;
    bool seen = false;
  };
  Collected star, mine;
  bool group_is_mine = false, group_is_star = false;
  bool in_agent_lines = false;  // consecutive user-agent lines open one group
  size_t pos = 0;
  while (pos < text.size()) {
    // Lines end in LF, CR or CRLF (RFC 9309 2.2).
    size_t end = text.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view raw = text.substr(pos, end - pos);
    pos = end < text.size() && text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n'
              ? end + 2
              : end + 1;
    Line line;
    if (!split_line(raw, line)) continue;
    std::string_view key = line.key;
    if (key == "user-agent") {
      if (!in_agent_lines) group_is_mine = group_is_star = false;
      in_agent_lines = true;
      std::string agent = agent_of(line.value);
      if (agent == "*")
        group_is_star = star.seen = true;
      else if (!agent.empty() && agent == token)
        group_is_mine = mine.seen = true;
      continue;
    }
    if (key == "sitemap") {
      if (!line.value.empty()) out.sitemaps_.emplace_back(line.value);
      continue;  // not part of any group
    }
    in_agent_lines = false;
    for (Collected* target : {group_is_mine ? &mine : nullptr, group_is_star ? &star : nullptr}) {
      if (target == nullptr) continue;
      if (key == "crawl-delay") {
        double d = std::strtod(std::string(line.value).c_str(), nullptr);
        if (d > 0 && d < 1e9) target->delay = d;
      } else if (!line.value.empty()) {
        // An empty Disallow means "nothing is disallowed": no rule at all.
        target->rules.push_back({normalize_robots_path(line.value, true), key == "allow"});
      }
    }
  }
  Collected& chosen = mine.seen ? mine : star;
  out.rules_ = std::move(chosen.rules);
  out.crawl_delay_ = chosen.delay;
  return out;
}

bool RobotsRules::allowed(std::string_view path_query) const {
  if (path_query == "/robots.txt") return true;
  if (disallow_everything_) return false;
  std::string path = normalize_robots_path(path_query, false);
  size_t best_len = 0;
  bool best_allow = true;
  bool matched = false;
  for (const Rule& rule : rules_) {
    if (!robots_pattern_matches(rule.pattern, path)) continue;
    size_t len = rule.pattern.size();
    // Longest pattern wins; on a tie Allow wins (the least restrictive, per RFC 9309).
    if (!matched || len > best_len || (len == best_len && rule.allow && !best_allow)) {
      best_len = len;
      best_allow = rule.allow;
      matched = true;
    }
  }
  return !matched || best_allow;
}

}  // namespace docpipe::http
