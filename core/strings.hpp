// Small string helpers the host's messages share.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace docpipe {

//! "a, b, c" (or with another separator).
inline std::string join(const std::vector<std::string>& items, std::string_view sep = ", ") {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += sep;
    out += items[i];
  }
  return out;
}

//! The items of a NULL-terminated C string array (a plugin's needs or provides).
inline std::vector<std::string> string_list(const char* const* list) {
  std::vector<std::string> out;
  for (; list != nullptr && *list != nullptr; ++list) out.emplace_back(*list);
  return out;
}

}  // namespace docpipe
