// Lines that survive tree-level pruning but are never article text: site
// domains standing alone, Chinese ICP / licence / public-security filing
// numbers, copyright lines, share / print / close-window commands,
// previous/next-article links, and headings that open a "related" tail.
// General rules on the text of one block, none keyed to a site.
#pragma once

#include <string>
#include <string_view>

namespace docpipe::clean_html {

//! True when a whole block is a boilerplate line.
bool is_boilerplate_line(std::string_view block);

//! True when a short block announces a tail of links to other pages
//! ("Related articles", "You may also like", "相关阅读").
bool is_related_heading(std::string_view block);

//! The block without its bracketed commands ("【打印】", "[ Print ]",
//! "【字号 大 中 小】"), trimmed; the block itself when it has none.
std::string strip_commands(std::string_view block);

//! True for a block that is only a date and/or time ("2024-02-20 12:57",
//! "March 3, 2020", "2024年2月20日").
bool is_date_line(std::string_view block);

}  // namespace docpipe::clean_html
