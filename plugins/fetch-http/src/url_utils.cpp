#include "url_utils.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <memory>

namespace docpipe::http {
namespace {

struct UrlDeleter {
  void operator()(CURLU* u) const noexcept { curl_url_cleanup(u); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;

struct CurlString {
  char* p = nullptr;
  ~CurlString() { curl_free(p); }
  std::string str() const { return p != nullptr ? std::string(p) : std::string(); }
};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  return s;
}

bool get_part(CURLU* u, CURLUPart part, std::string& out, unsigned flags = 0) {
  CurlString s;
  if (curl_url_get(u, part, &s.p, flags) != CURLUE_OK) return false;
  out = s.str();
  return true;
}

}  // namespace

std::optional<UrlParts> parse_url(std::string_view url, std::string* why) {
  auto fail = [&](const char* reason) -> std::optional<UrlParts> {
    if (why != nullptr) *why = reason;
    return std::nullopt;
  };
  if (url.empty()) return fail("empty URL");
  // libcurl takes a C string; an embedded NUL would silently cut the URL.
  if (url.find('\0') != std::string_view::npos) return fail("invalid URL: contains a NUL byte");
  UrlHandle u(curl_url());
  if (!u) return fail("out of memory");
  std::string text(url);
  CURLUcode rc = curl_url_set(u.get(), CURLUPART_URL, text.c_str(), 0);
  if (rc != CURLUE_OK) {
    if (why != nullptr) *why = std::string("invalid URL: ") + curl_url_strerror(rc);
    return std::nullopt;
  }
  UrlParts parts;
  if (!get_part(u.get(), CURLUPART_SCHEME, parts.scheme)) return fail("invalid URL: no scheme");
  parts.scheme = lower(parts.scheme);
  if (parts.scheme != "http" && parts.scheme != "https") {
    if (why != nullptr) *why = "unsupported URL scheme \"" + parts.scheme + "\" (only http and https)";
    return std::nullopt;
  }
  if (!get_part(u.get(), CURLUPART_HOST, parts.host) || parts.host.empty())
    return fail("invalid URL: no host");
  parts.host = lower(parts.host);
  std::string port;
  if (!get_part(u.get(), CURLUPART_PORT, port, CURLU_DEFAULT_PORT)) return fail("invalid URL: bad port");
  parts.port = std::atoi(port.c_str());
  std::string path, query;
  get_part(u.get(), CURLUPART_PATH, path);
  if (path.empty()) path = "/";
  parts.path_query = path;
  if (get_part(u.get(), CURLUPART_QUERY, query)) parts.path_query += "?" + query;
  if (!get_part(u.get(), CURLUPART_URL, parts.normalized)) return fail("invalid URL");
  return parts;
}

std::string origin_of(const UrlParts& url) {
  return url.scheme + "://" + url.host + ":" + std::to_string(url.port);
}

std::string robots_url_of(const UrlParts& url) { return origin_of(url) + "/robots.txt"; }

std::optional<std::string> resolve_url(std::string_view base, std::string_view reference) {
  if (reference.find('\0') != std::string_view::npos) return std::nullopt;
  UrlHandle u(curl_url());
  if (!u) return std::nullopt;
  std::string b(base), r(reference);
  if (curl_url_set(u.get(), CURLUPART_URL, b.c_str(), 0) != CURLUE_OK) return std::nullopt;
  // With a base already set, libcurl resolves a relative reference against it.
  if (curl_url_set(u.get(), CURLUPART_URL, r.c_str(), 0) != CURLUE_OK) return std::nullopt;
  std::string out;
  if (!get_part(u.get(), CURLUPART_URL, out)) return std::nullopt;
  return out;
}

uint64_t fnv1a64(std::string_view bytes) noexcept {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

bool in_shard(std::string_view key, uint32_t index, uint32_t count) noexcept {
  if (count <= 1) return true;
  return fnv1a64(key) % count == index;
}

bool is_robots_txt_url(const UrlParts& url) noexcept {
  std::string_view p = url.path_query;
  return p == "/robots.txt";
}

}  // namespace docpipe::http
