// The database path from the sink's path template ({shard}: one database per shard).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace docpipe::sqlite {

//! Expands {shard} {shard_count} {date} {pipeline} through docpipe_output's
//! template rules. {part} and {id} are refused (std::invalid_argument): a
//! store is one database that is never rolled, not a file per document.
std::string store_path(std::string_view path_template, uint32_t shard, uint32_t shard_count,
                       std::string_view pipeline);

}  // namespace docpipe::sqlite
