// Chinese news bylines ("来源：新华社 作者：张三 2024-02-20 12:57"): recognised as
// a whole block so that extraction can drop them from the body and metadata
// can keep their fields.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace docpipe::clean_html {

//! Fields of a news byline; each is empty when the byline does not give it.
struct Byline {
  std::string source, author, editor;
  std::string date;  //!< ISO 8601 when the block carries a date
};

//! Parses a short text block that is a news byline; nullopt when it is not one.
std::optional<Byline> parse_byline(std::string_view block_text);

}  // namespace docpipe::clean_html
