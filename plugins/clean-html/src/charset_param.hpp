// The charset parameter of a Content-Type value, as HTTP headers and
// <meta http-equiv content="..."> carry it.
#pragma once

#include <string_view>

namespace docpipe::clean_html {

//! The label after "charset=" in a Content-Type value ("text/html; charset=gbk"),
//! unquoted; empty when there is none. Follows the WHATWG "extract a
//! character encoding from a meta element" steps, which also suit headers.
std::string_view charset_from_content_type(std::string_view content_type) noexcept;

}  // namespace docpipe::clean_html
