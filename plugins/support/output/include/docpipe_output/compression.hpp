// Which compression a sink writes, and at what level.
#pragma once

#include <optional>
#include <string_view>

namespace docpipe::output {

//! The stream formats a sink can write.
enum class Compression { none, gzip, zstd };

//! "none", "gzip", "zstd", or "auto": by the path's suffix (.gz, .zst; else none).
//! Throws std::invalid_argument on any other setting.
Compression resolve_compression(std::string_view setting, std::string_view path);

//! Throws std::invalid_argument when the level is outside what the format takes.
void check_level(Compression compression, std::optional<int> level);

}  // namespace docpipe::output
