// Just enough URL handling for metadata: resolving a canonical link against
// the page URL (RFC 3986 section 5.2) and taking a URL's host.
#pragma once

#include <string>
#include <string_view>

namespace docpipe::clean_html {

//! The reference resolved against an absolute http(s) base; empty when the
//! result is not an http(s) URL (javascript:, mailto:, a relative base, …).
std::string resolve_url(std::string_view base, std::string_view reference);

//! Lower-case host of an absolute URL, without port or user info; empty if none.
std::string url_host(std::string_view url);

}  // namespace docpipe::clean_html
