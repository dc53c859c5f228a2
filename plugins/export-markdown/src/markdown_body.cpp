#include "markdown_body.hpp"

#include <algorithm>

namespace docpipe::markdown {
namespace {

using output::BlockKind;
using output::LaidOutBlock;

bool is_special(char c) {
  switch (c) {
    case '\\': case '`': case '*': case '_': case '[': case ']': case '<': case '>': case '#':
    case '!': case '~': case '&':
      return true;
    default:
      return false;
  }
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

size_t longest_backtick_run(std::string_view text) {
  size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

void append_lines(std::string& out, std::string_view text, std::string_view prefix) {
  size_t start = 0;
  while (true) {
    size_t nl = text.find('\n', start);
    std::string_view line = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    out += prefix;
    append_inline(out, line, false, false);
    if (nl == std::string_view::npos) break;
    out.push_back('\n');
    start = nl + 1;
  }
}

}  // namespace

void append_inline(std::string& out, std::string_view text, bool join_lines, bool in_table) {
  bool line_start = true;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (line_start) {
      // What would start a block at the beginning of a line: "- ", "+ ",
      // "=" or "-" underlines, "1. " and "1) " (# and > are escaped anywhere).
      line_start = false;
      if (c == '-' || c == '+' || c == '=') {
        out.push_back('\\');
      } else if (is_digit(c)) {
        size_t j = i;
        while (j < text.size() && j - i < 9 && is_digit(text[j])) ++j;
        if (j < text.size() && (text[j] == '.' || text[j] == ')')) {
          out.append(text.substr(i, j - i));
          out.push_back('\\');
          out.push_back(text[j]);
          i = j;
          continue;
        }
      }
    }
    if (c == '\n' || c == '\r') {
      if (join_lines) {
        out.push_back(' ');
      } else if (c == '\n') {
        out += "\\\n";  // a hard line break that stays inside the block
        line_start = true;
      }
      continue;
    }
    if (is_special(c) || (in_table && c == '|')) out.push_back('\\');
    out.push_back(c);
  }
}

void append_body(std::string& out, const output::DocumentView& doc) {
  std::vector<LaidOutBlock> blocks = output::lay_out(doc.text, doc.blocks);
  size_t row_cells = 0;
  size_t table_columns = 0;
  size_t rows = 0;
  auto end_row = [&] {
    if (row_cells == 0) return;
    out += "|\n";
    if (rows == 0) {
      // The separator row that makes the first row a header.
      table_columns = row_cells;
      for (size_t k = 0; k < table_columns; ++k) out += "| --- ";
      out += "|\n";
    }
    ++rows;
    row_cells = 0;
  };
  for (size_t i = 0; i < blocks.size(); ++i) {
    const LaidOutBlock& b = blocks[i];
    std::string_view text = output::slice(doc.text, b.begin, b.end);
    bool in_table = b.kind == BlockKind::table_cell;
    if (in_table) {
      if (b.starts_group) {
        if (!out.empty()) out.push_back('\n');
        rows = 0;
        row_cells = 0;
      } else if (b.starts_row) {
        end_row();
      }
      out += "| ";
      append_inline(out, text, true, true);
      out.push_back(' ');
      ++row_cells;
      bool last_cell = i + 1 == blocks.size() || blocks[i + 1].kind != BlockKind::table_cell;
      if (last_cell) end_row();
      continue;
    }
    bool continues_list = b.kind == BlockKind::list_item && !b.starts_group;
    if (!out.empty()) out += continues_list ? "" : "\n";
    switch (b.kind) {
      case BlockKind::heading:
        out.append(std::clamp<uint32_t>(b.level, 1, 6), '#');
        out.push_back(' ');
        append_inline(out, text, true, false);
        break;
      case BlockKind::list_item:
        out.append(2 * (std::max<uint32_t>(b.level, 1) - 1), ' ');
        out += "- ";
        append_inline(out, text, true, false);
        break;
      case BlockKind::quote:
        append_lines(out, text, "> ");
        break;
      case BlockKind::code: {
        std::string fence(std::max<size_t>(3, longest_backtick_run(text) + 1), '`');
        out += fence;
        out.push_back('\n');
        out.append(text);
        out.push_back('\n');
        out += fence;
        break;
      }
      default:
        append_inline(out, text, false, false);
    }
    out.push_back('\n');
  }
}

}  // namespace docpipe::markdown
