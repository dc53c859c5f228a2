#include "state_location.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "../errors.hpp"

namespace docpipe {
namespace fs = std::filesystem;

fs::path default_state_dir(const Pipeline& pipeline) {
  const ParamValue* path = pipeline.sinks.empty() ? nullptr : pipeline.sinks.front().config->find("path");
  if (path == nullptr || path->text.empty() || path->text == "-")
    throw ConfigError("this pipeline's first sink writes no file, so there is no place \"next to the outputs\" for its "
                      "state: give --state DIR");
  std::string text = path->text;
  // The directory part that does not depend on {shard}, {part}, {date}...
  text = text.substr(0, text.find('{'));
  fs::path dir = fs::path(text).has_filename() ? fs::path(text).parent_path() : fs::path(text);
  if (dir.empty()) dir = ".";
  return dir / "_docpipe_state";
}

std::string pipeline_fingerprint(const std::string& pipeline_arg, const std::vector<std::string>& overrides) {
  std::string text;
  std::error_code ec;
  if (fs::is_regular_file(pipeline_arg, ec)) {
    std::ifstream in(pipeline_arg, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  } else {
    text = pipeline_arg;
  }
  for (const auto& o : overrides) {
    text.push_back('\0');
    text += o;
  }
  uint64_t h = 1469598103934665603ull;  // FNV-1a: stable across builds, which std::hash is not
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace docpipe
