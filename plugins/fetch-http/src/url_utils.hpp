// URL helpers over libcurl's URL API: parsing, resolving, hashing for shards.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace docpipe::http {

//! The parts of an absolute http(s) URL the fetcher needs.
struct UrlParts {
  std::string normalized;  //!< the URL as libcurl re-serialises it
  std::string scheme;      //!< "http" or "https", lower case
  std::string host;        //!< lower case, IPv6 in brackets
  int port = 0;            //!< explicit or the scheme's default
  std::string path_query;  //!< "/path?query", what robots.txt rules match against
};

//! Parses an absolute http or https URL; nullopt (with *why set) for anything else.
std::optional<UrlParts> parse_url(std::string_view url, std::string* why = nullptr);

//! "scheme://host:port": robots.txt and politeness are per origin (RFC 9309).
std::string origin_of(const UrlParts& url);

//! The robots.txt URL of an origin.
std::string robots_url_of(const UrlParts& url);

//! Resolves a possibly relative reference against a base URL; nullopt when impossible.
std::optional<std::string> resolve_url(std::string_view base, std::string_view reference);

//! FNV-1a 64: stable across runs, machines and builds, so shards are reproducible.
uint64_t fnv1a64(std::string_view bytes) noexcept;

//! True when the key belongs to shard index of count (hash modulo count).
bool in_shard(std::string_view key, uint32_t index, uint32_t count) noexcept;

//! True when the path of the URL ends in "/robots.txt".
bool is_robots_txt_url(const UrlParts& url) noexcept;

}  // namespace docpipe::http
