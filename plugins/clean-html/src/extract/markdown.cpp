#include "markdown.hpp"

#include <algorithm>
#include <string>
#include <string_view>

namespace docpipe::clean_html {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// True when a line would read as Markdown syntax rather than text:
// "# x", "- x", "* x", "+ x", "> x", "1. x", "```", "---".
bool needs_escape(std::string_view line) {
  if (line.empty()) return false;
  char c = line[0];
  if (c == '#' || c == '>') return true;
  if ((c == '-' || c == '*' || c == '+') && (line.size() == 1 || line[1] == ' ' || line[1] == c))
    return true;
  if (c == '`' && line.starts_with("```")) return true;
  if (c == '=') return true;
  size_t i = 0;
  while (i < line.size() && is_digit(line[i])) ++i;
  return i > 0 && i < line.size() && (line[i] == '.' || line[i] == ')');
}

// Appends the lines of s, each after prefix (from the second line on, or
// from the first when first_too), escaping line starts when escape is set
// and ending lines with end_of_line.
void append_lines(std::string& out, std::string_view s, std::string_view prefix, bool first_too,
                  bool escape, std::string_view end_of_line) {
  bool first = true;
  while (true) {
    size_t nl = s.find('\n');
    std::string_view line = s.substr(0, nl);
    if (!first) {
      out += end_of_line;
      out += '\n';
    }
    if (!first || first_too) out += prefix;
    if (escape && needs_escape(line)) out += '\\';
    out += line;
    first = false;
    if (nl == std::string_view::npos) break;
    s.remove_prefix(nl + 1);
  }
}

void append_cell(std::string& out, std::string_view cell) {
  for (char c : cell) {
    if (c == '\n') {
      out += ' ';
    } else {
      if (c == '|') out += '\\';
      out += c;
    }
  }
}

}  // namespace

void render_markdown(const ExtractedText& in, ExtractedText& out) {
  const std::string_view text(in.text);
  const auto& blocks = in.blocks;
  auto sep_before = [&](size_t i) {
    return i == 0 ? std::string_view()
                  : text.substr(blocks[i - 1].end, blocks[i].begin - blocks[i - 1].end);
  };
  auto body = [&](size_t i) {
    return text.substr(blocks[i].begin, blocks[i].end - blocks[i].begin);
  };

  for (size_t i = 0; i < blocks.size();) {
    const TextBlock& b = blocks[i];
    bool tight = sep_before(i) == "\n" && b.kind == BlockKind::list_item &&
                 blocks[i - 1].kind == BlockKind::list_item;
    if (!out.text.empty()) out.text += tight ? "\n" : "\n\n";

    if (b.kind == BlockKind::table_cell) {
      // A table: consecutive cells; a row: cells joined by "\n".
      size_t end = i + 1;
      while (end < blocks.size() && blocks[end].kind == BlockKind::table_cell) ++end;
      size_t columns = 0;
      for (size_t r = i; r < end;) {
        size_t c = r + 1;
        while (c < end && sep_before(c) == "\n") ++c;
        columns = std::max(columns, c - r);
        r = c;
      }
      bool first_row = true;
      for (size_t r = i; r < end;) {
        size_t c = r + 1;
        while (c < end && sep_before(c) == "\n") ++c;
        if (!first_row) out.text += '\n';
        out.text += '|';
        for (size_t k = r; k < r + columns; ++k) {
          out.text += ' ';
          if (k < c) {
            size_t begin = out.text.size();
            append_cell(out.text, body(k));
            out.blocks.push_back({BlockKind::table_cell, 0, begin, out.text.size()});
          }
          out.text += " |";
        }
        if (first_row) {
          out.text += '\n';
          out.text += '|';
          for (size_t k = 0; k < columns; ++k) out.text += " --- |";
          first_row = false;
        }
        r = c;
      }
      i = end;
      continue;
    }

    size_t begin = out.text.size();
    std::string_view s = body(i);
    switch (b.kind) {
      case BlockKind::heading: {
        out.text.append(std::clamp<uint32_t>(b.level, 1, 6), '#');
        out.text += ' ';
        std::string line(s);
        std::replace(line.begin(), line.end(), '\n', ' ');
        out.text += line;
        break;
      }
      case BlockKind::list_item: {
        std::string indent(2 * (std::max<uint32_t>(b.level, 1) - 1), ' ');
        out.text += indent;
        out.text += "- ";
        append_lines(out.text, s, indent + "  ", false, false, "\\");
        break;
      }
      case BlockKind::quote:
        append_lines(out.text, s, "> ", true, true, "\\");
        break;
      case BlockKind::code: {
        // A fence longer than any run of backticks inside.
        size_t longest = 0, run = 0;
        for (char c : s) {
          run = c == '`' ? run + 1 : 0;
          longest = std::max(longest, run);
        }
        std::string fence(std::max<size_t>(3, longest + 1), '`');
        out.text += fence;
        out.text += '\n';
        out.text += s;
        out.text += '\n';
        out.text += fence;
        break;
      }
      default:
        append_lines(out.text, s, "", false, true, "\\");
        break;
    }
    out.blocks.push_back({b.kind, b.level, begin, out.text.size()});
    ++i;
  }
}

}  // namespace docpipe::clean_html
