#include <cstdlib>
#include <vector>

#include "errors.hpp"
#include "pipeline_spec.hpp"

namespace docpipe {

std::string SourceLocation::str() const {
  if (line <= 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

namespace {

// Messages quote the text being expanded; a long value is cut so that an
// error about a megabyte-long attribute stays readable.
std::string quoted(std::string_view text) {
  constexpr size_t kMaxQuoted = 200;
  if (text.size() <= kMaxQuoted) return "'" + std::string(text) + "'";
  size_t cut = kMaxQuoted;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return "'" + std::string(text.substr(0, cut)) + "...' (" + std::to_string(text.size()) +
         " bytes)";
}

// One open ${NAME:-default} whose closing brace is still ahead.
struct OpenDefault {
  bool outer_emits;  // whether the text around it is being written
};

}  // namespace

// One pass with an explicit stack of open defaults, so nesting depth costs
// neither recursion nor rescanning: time is linear in the text.
std::string expand_env(std::string_view text, const SourceLocation& where) {
  std::string out;
  out.reserve(text.size());
  std::vector<OpenDefault> open;
  bool emit = true;  // false inside a default that is not used
  size_t i = 0;
  while (i < text.size()) {
    if (text.compare(i, 3, "$${") == 0) {
      if (emit) out += "${";
      i += 3;
      continue;
    }
    if (text.compare(i, 2, "${") == 0) {
      size_t name_begin = i + 2;
      size_t k = name_begin;
      while (k < text.size() && text[k] != '}' && text.compare(k, 2, ":-") != 0 &&
             text.compare(k, 2, "${") != 0)
        ++k;
      if (k == text.size())
        throw ConfigError(where.str() + ": unclosed '${' in " + quoted(text) +
                          " (expected ${VAR} or ${VAR:-default})");
      if (text[k] == '$')
        throw ConfigError(where.str() + ": '${' inside a variable name in " + quoted(text) +
                          " (a default goes after ':-')");
      std::string name(text.substr(name_begin, k - name_begin));
      if (name.empty()) throw ConfigError(where.str() + ": empty variable name in " + quoted(text));
      const char* value = std::getenv(name.c_str());
      if (text[k] == '}') {
        if (emit) {
          if (value == nullptr)
            throw ConfigError(where.str() + ": environment variable " + name +
                              " is not set (write ${" + name + ":-default} to give a default)");
          out += value;
        }
        i = k + 1;
        continue;
      }
      // ${NAME:-default}: an empty value also takes the default.
      bool use_value = value != nullptr && *value != '\0';
      if (emit && use_value) out += value;
      open.push_back({emit});
      emit = emit && !use_value;
      i = k + 2;
      continue;
    }
    if (text[i] == '}' && !open.empty()) {
      emit = open.back().outer_emits;
      open.pop_back();
      ++i;
      continue;
    }
    if (emit) out += text[i];
    ++i;
  }
  if (!open.empty())
    throw ConfigError(where.str() + ": unclosed '${' in " + quoted(text) +
                      " (expected ${VAR} or ${VAR:-default})");
  return out;
}

}  // namespace docpipe
