#include <cstdlib>

#include "errors.hpp"
#include "pipeline_spec.hpp"

namespace docpipe {

std::string SourceLocation::str() const {
  if (line <= 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

std::string expand_env(std::string_view text, const SourceLocation& where) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 3, "$${") == 0) {
      out += "${";
      i += 2;
      continue;
    }
    if (text.compare(i, 2, "${") != 0) {
      out += text[i];
      continue;
    }
    // Find the matching close brace, allowing ${...} inside a default.
    size_t depth = 1, j = i + 2;
    for (; j < text.size() && depth > 0; ++j) {
      if (text.compare(j, 2, "${") == 0) {
        ++depth;
        ++j;
      } else if (text[j] == '}') {
        --depth;
      }
    }
    if (depth != 0)
      throw ConfigError(where.str() + ": unclosed '${' in '" + std::string(text) +
                        "' (expected ${VAR} or ${VAR:-default})");
    std::string_view inner = text.substr(i + 2, j - 1 - (i + 2));
    size_t sep = inner.find(":-");
    std::string name(inner.substr(0, sep));
    if (name.empty())
      throw ConfigError(where.str() + ": empty variable name in '" + std::string(text) + "'");
    const char* value = std::getenv(name.c_str());
    if (value != nullptr && (*value != '\0' || sep == std::string_view::npos)) {
      out += value;
    } else if (sep != std::string_view::npos) {
      out += expand_env(inner.substr(sep + 2), where);
    } else {
      throw ConfigError(where.str() + ": environment variable " + name +
                        " is not set (write ${" + name + ":-default} to give a default)");
    }
    i = j - 1;
  }
  return out;
}

}  // namespace docpipe
