// Which compression a sink writes, and at what level.
#pragma once

#include <optional>
#include <string_view>

namespace docpipe::output {

//! zstd's level when the sink's `level` is not set. Not zstd's own default
//! (3): export.jsonl should keep up with a pipeline on one core, and level 3
//! writes this kind of JSONL at ~95 MB/s here against ~140 at level 1, whose
//! files are only ~9% larger (ratio 3.2 against 3.5; bench/README.md,
//! "Export"). Negative levels gain little more speed (zstd itself tops out
//! near 200 MB/s on this text) for much larger files (-3: ratio 2.5).
inline constexpr int default_zstd_level = 1;

//! The stream formats a sink can write.
enum class Compression { none, gzip, zstd };

//! "none", "gzip", "zstd", or "auto": by the path's suffix (.gz, .zst; else none).
//! Throws std::invalid_argument on any other setting.
Compression resolve_compression(std::string_view setting, std::string_view path);

//! Throws std::invalid_argument when the level is outside what the format takes.
void check_level(Compression compression, std::optional<int> level);

}  // namespace docpipe::output
