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

//! The names of an English text byline ("By Jane Doe", "Posted by John
//! Smith and Ann Lee on May 2, 2024"): the block must start with "By" or
//! "<verb>ed by", and every name be two to four capitalised words. Empty
//! when the text is not such a byline.
std::vector<std::string> english_byline_names(std::string_view block_text);

}  // namespace docpipe::clean_html
