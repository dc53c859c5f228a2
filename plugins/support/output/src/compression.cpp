#include <docpipe_output/compression.hpp>

#include <zstd.h>

#include <stdexcept>
#include <string>

namespace docpipe::output {

Compression resolve_compression(std::string_view setting, std::string_view path) {
  if (setting == "none") return Compression::none;
  if (setting == "gzip") return Compression::gzip;
  if (setting == "zstd") return Compression::zstd;
  if (setting != "auto") {
    throw std::invalid_argument("compression must be auto, none, gzip or zstd, not " +
                                std::string(setting));
  }
  if (path.ends_with(".gz")) return Compression::gzip;
  if (path.ends_with(".zst")) return Compression::zstd;
  return Compression::none;
}

void check_level(Compression compression, std::optional<int> level) {
  if (!level) return;
  int low = 0;
  int high = 0;
  switch (compression) {
    case Compression::none:
      return;
    case Compression::gzip:
      low = 0;
      high = 9;
      break;
    case Compression::zstd:
      low = ZSTD_minCLevel();
      high = ZSTD_maxCLevel();
      break;
  }
  if (*level < low || *level > high) {
    throw std::invalid_argument(std::string("level ") + std::to_string(*level) + " is outside " +
                                (compression == Compression::gzip ? "gzip" : "zstd") + "'s range " +
                                std::to_string(low) + ".." + std::to_string(high));
  }
}

}  // namespace docpipe::output
