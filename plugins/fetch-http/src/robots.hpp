// robots.txt (RFC 9309): groups chosen by product token, Allow/Disallow by longest match.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace docpipe::http {

//! The rules of one robots.txt that apply to one user agent.
class RobotsRules {
 public:
  //! Parses robots.txt text for a user agent ("docpipe/0.1 (+...)": the product token is
  //! "docpipe").
  static RobotsRules parse(std::string_view text, std::string_view user_agent);
  //! No rules: everything allowed (robots.txt missing, 4xx, or robots=false).
  static RobotsRules allow_all();
  //! Everything disallowed (robots.txt unreachable or 5xx), with the reason kept for messages.
  static RobotsRules disallow_all(std::string reason);

  //! True when the path (with query) may be fetched; /robots.txt itself always may.
  bool allowed(std::string_view path_query) const;
  //! Crawl-delay of the chosen group, in seconds.
  std::optional<double> crawl_delay() const noexcept { return crawl_delay_; }
  //! Sitemap: lines, from anywhere in the file.
  const std::vector<std::string>& sitemaps() const noexcept { return sitemaps_; }
  //! Why everything is disallowed (empty unless made by disallow_all).
  const std::string& blanket_reason() const noexcept { return blanket_reason_; }

  //! Bytes of a robots.txt read and parsed (RFC 9309 2.5 asks for at least 500 KiB).
  static constexpr size_t max_bytes = 512 * 1024;

 private:
  struct Rule {
    std::string pattern;
    bool allow;
  };
  std::vector<Rule> rules_;
  std::optional<double> crawl_delay_;
  std::vector<std::string> sitemaps_;
  bool disallow_everything_ = false;
  std::string blanket_reason_;
};

//! The product token of a User-Agent string, lower case: "docpipe/0.1 (+x)" -> "docpipe".
std::string product_token(std::string_view user_agent);

//! A path or pattern in the form robots.txt rules are compared in (RFC 9309 2.2.2): escapes of
//! unreserved characters decoded, other escapes in upper-case hex, bytes outside printable
//! ASCII escaped; in a path (pattern=false) '*' and '$' are escaped too, as patterns write them
//! literally.
std::string normalize_robots_path(std::string_view s, bool pattern);

//! True when a robots.txt path pattern ('*' any run, '$' end anchor) matches the path as a prefix.
bool robots_pattern_matches(std::string_view pattern, std::string_view path);

}  // namespace docpipe::http
