// The separator param of export.text, written with backslash escapes so a
// one-line pipeline can say "\n\n".
#pragma once

#include <string>
#include <string_view>

namespace docpipe::text_export {

//! Turns \n \t \r \0 \\ into their bytes; any other backslash stays as written.
std::string unescape_separator(std::string_view written);

}  // namespace docpipe::text_export
