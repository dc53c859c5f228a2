// Expands sitemaps, sitemap indexes, robots.txt Sitemap: lines, RSS and Atom feeds into URLs.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace docpipe::http {

//! What one fetched sitemap-like document turned out to be and what it points to.
struct SitemapExpansion {
  //! "urlset", "sitemapindex", "rss", "atom", "rdf", "robots", "text"; empty when not understood.
  std::string kind;
  std::vector<std::string> pages;     //!< page URLs to fetch
  std::vector<std::string> sitemaps;  //!< further sitemaps to expand
  std::string error;                  //!< why the body is not (or not wholly) a sitemap; pages and
                                      //!< sitemaps read before an XML error are kept
};

//! Expands a fetched body; gzip bodies (by magic bytes) are inflated up to max_bytes first.
//! Relative links are resolved against base_url; only http(s) URLs are kept.
SitemapExpansion expand_sitemap(std::string_view base_url, std::string_view body, size_t max_bytes);

//! Inflates gzip or zlib data, at most max_bytes of output; false (with why) on corrupt data or
//! overflow.
bool gunzip_capped(std::string_view in, size_t max_bytes, std::string& out, std::string& why);

}  // namespace docpipe::http
