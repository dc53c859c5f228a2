// The one-line form: elements separated by '!', each a plugin id followed by
// name=value parameters; values may be quoted with '...' or "...".
#include "errors.hpp"
#include "pipeline_spec.hpp"

namespace docpipe {
namespace {

struct Token {
  std::string text;
  int column;  // 1-based, in characters
  bool separator;
};

// Columns of byte offsets, for offsets asked in increasing order: counting
// resumes where the previous one stopped, so a whole line costs linear time.
class ColumnCounter {
 public:
  explicit ColumnCounter(std::string_view line) : line_(line) {}
  int at(size_t offset) {
    if (offset < offset_) {
      offset_ = 0;
      column_ = 1;
    }
    for (; offset_ < offset && offset_ < line_.size(); ++offset_)
      if ((static_cast<unsigned char>(line_[offset_]) & 0xC0) != 0x80) ++column_;
    return column_;
  }

 private:
  std::string_view line_;
  size_t offset_ = 0;
  int column_ = 1;
};

std::vector<Token> tokenize(std::string_view line, const std::string& file) {
  std::vector<Token> tokens;
  ColumnCounter columns(line);
  size_t i = 0;
  while (i < line.size()) {
    if (line[i] == ' ' || line[i] == '\t' || line[i] == '\n') {
      ++i;
      continue;
    }
    size_t start = i;
    if (line[i] == '!') {
      tokens.push_back({"!", columns.at(i), true});
      ++i;
      continue;
    }
    int start_column = columns.at(start);
    std::string text;
    bool has_equals = false;  // a '!' inside a value does not end the token
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\n') {
      char c = line[i];
      if (c == '\'' || c == '"') {
        size_t close = line.find(c, i + 1);
        if (close == std::string_view::npos)
          throw ConfigError(file + ":1:" + std::to_string(columns.at(i)) + ": unclosed quote " +
                            std::string(1, c));
        std::string_view quoted = line.substr(i + 1, close - i - 1);
        has_equals = has_equals || quoted.find('=') != std::string_view::npos;
        text.append(quoted);
        i = close + 1;
        continue;
      }
      if (c == '!' && !has_equals) break;
      has_equals = has_equals || c == '=';
      text += c;
      ++i;
    }
    tokens.push_back({std::move(text), start_column, false});
  }
  return tokens;
}

}  // namespace

PipelineSpec parse_pipeline_inline(std::string_view line) {
  PipelineSpec spec;
  spec.file = "<command line>";
  const std::string& file = spec.file;
  auto where = [&](int column) { return SourceLocation{file, 1, column}; };
  std::vector<Token> tokens = tokenize(line, file);
  bool expect_plugin = true;
  int last_column = 1;
  for (auto& t : tokens) {
    last_column = t.column;
    if (t.separator) {
      if (expect_plugin)
        throw ConfigError(where(t.column).str() + ": expected a plugin id before '!'");
      expect_plugin = true;
      continue;
    }
    if (expect_plugin) {
      if (t.text.find('=') != std::string::npos)
        throw ConfigError(where(t.column).str() + ": expected a plugin id, got parameter '" +
                          t.text + "'");
      ElementSpec e;
      e.use = t.text;
      e.where = where(t.column);
      spec.elements.push_back(std::move(e));
      expect_plugin = false;
      continue;
    }
    size_t eq = t.text.find('=');
    if (eq == std::string::npos || eq == 0)
      throw ConfigError(where(t.column).str() + ": expected name=value or '!', got '" + t.text +
                        "'");
    RawParam p;
    p.name = t.text.substr(0, eq);
    p.where = where(t.column).str();
    p.value = expand_env(t.text.substr(eq + 1), where(t.column));
    spec.elements.back().params.push_back(std::move(p));
  }
  if (spec.elements.empty())
    throw ConfigError(file + ": empty pipeline; expected 'source ! stage ... ! sink'");
  if (expect_plugin)
    throw ConfigError(where(last_column).str() + ": expected a plugin id after the last '!'");
  return spec;
}

}  // namespace docpipe
