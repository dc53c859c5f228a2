// YAML front matter of a document's metadata.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <docpipe_output/document_view.hpp>

namespace docpipe::markdown {

//! Appends text as a YAML double-quoted scalar: \" \\ and every control
//! character, U+0085, U+2028/U+2029 and BOM escaped, so any string reads back exactly.
void append_yaml_string(std::string& out, std::string_view text);

//! Appends "---\n", `"key": value` per entry (strings quoted, JSON values as
//! one-line flow YAML), and "---\n".
void append_front_matter(std::string& out, std::string_view id, const std::vector<output::MetaEntry>& metadata);

}  // namespace docpipe::markdown
