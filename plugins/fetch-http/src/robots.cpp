#include "robots.hpp"

#include <charconv>
#include <cstdlib>

namespace docpipe::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

// Percent-escapes are compared case-insensitively (RFC 9309 2.2.2): normalise the hex to upper case.
std::string normalize_escapes(std::string_view s) {
  std::string out(s);
  for (size_t i = 0; i + 2 < out.size(); ++i) {
    if (out[i] == '%') {
      for (size_t j = i + 1; j <= i + 2; ++j)
        if (out[j] >= 'a' && out[j] <= 'f') out[j] = static_cast<char>(out[j] - 32);
    }
  }
  return out;
}

struct Line {
  std::string key;
  std::string_view value;
};

// Splits "key: value # comment"; false for lines that are not directives.
bool split_line(std::string_view raw, Line& out) {
  if (size_t hash = raw.find('#'); hash != std::string_view::npos) raw = raw.substr(0, hash);
  size_t colon = raw.find(':');
  if (colon == std::string_view::npos) return false;
  out.key = lower(trim(raw.substr(0, colon)));
  out.value = trim(raw.substr(colon + 1));
  return !out.key.empty();
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

  // One pass collects rules for the best-matching named group and for '*' separately;
  // groups with the same user agent are merged, as RFC 9309 asks.
  struct Collected {
    std::vector<Rule> rules;
    std::optional<double> delay;
  };
  Collected star, best;
  size_t best_len = 0;
  bool star_seen = false;

  std::vector<std::string> group_agents;
  bool in_agent_lines = false;  // consecutive user-agent lines share one group
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view raw = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    Line line;
    if (!split_line(raw, line)) continue;
    if (line.key == "user-agent") {
      if (!in_agent_lines) group_agents.clear();
      in_agent_lines = true;
      group_agents.push_back(product_token(line.value).empty() && trim(line.value).substr(0, 1) == "*"
                                 ? "*"
                                 : product_token(line.value));
      continue;
    }
    if (line.key == "sitemap") {
      if (!line.value.empty()) out.sitemaps_.emplace_back(line.value);
      continue;  // not part of any group
    }
    bool is_rule = line.key == "allow" || line.key == "disallow";
    bool is_delay = line.key == "crawl-delay";
    if (!is_rule && !is_delay) continue;
    in_agent_lines = false;
    for (const std::string& agent : group_agents) {
      Collected* target = nullptr;
      if (agent == "*") {
        target = &star;
        star_seen = true;
      } else if (!agent.empty() && token.compare(0, agent.size(), agent) == 0) {
        // Longest matching product token wins; an equal one merges.
        if (agent.size() > best_len) {
          best = Collected{};
          best_len = agent.size();
        }
        if (agent.size() == best_len) target = &best;
      }
      if (target == nullptr) continue;
      if (is_delay) {
        double d = std::strtod(std::string(line.value).c_str(), nullptr);
        if (d > 0 && d < 1e9) target->delay = d;
      } else if (!line.value.empty()) {
        // An empty Disallow means "nothing is disallowed": no rule at all.
        target->rules.push_back({normalize_escapes(line.value), line.key == "allow"});
      }
    }
  }
  if (best_len > 0) {
    out.rules_ = std::move(best.rules);
    out.crawl_delay_ = best.delay;
  } else if (star_seen) {
    out.rules_ = std::move(star.rules);
    out.crawl_delay_ = star.delay;
  }
  return out;
}

bool RobotsRules::allowed(std::string_view path_query) const {
  if (path_query == "/robots.txt") return true;
  if (disallow_everything_) return false;
  std::string path = normalize_escapes(path_query);
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
