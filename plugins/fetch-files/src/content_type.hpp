// Media types of files, guessed from their names.
#pragma once

#include <string_view>

namespace docpipe::files {

//! Media type for a file name by its extension, after stripping .gz/.zst;
//! "application/octet-stream" when unknown.
std::string_view guess_content_type(std::string_view file_name);

}  // namespace docpipe::files
