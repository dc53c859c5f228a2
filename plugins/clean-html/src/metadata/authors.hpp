// Author names from the ways pages write them: meta values ("A, B and C"),
// byline text ("By Jane Doe and John Roe | Feb 20, 2024").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace docpipe::clean_html {

//! Splits a list of names at ",", ";", "、", " and ", " & ", "/" and drops
//! what is no name (URLs, e-mail addresses, overlong or digit-bearing text).
std::vector<std::string> split_author_names(std::string_view value);

//! The names in byline text: a leading "By" / "Written by" / "作者：" goes,
//! and the text stops at a date or a separator ("|", "•", " on ").
std::vector<std::string> byline_names(std::string_view text);

}  // namespace docpipe::clean_html
