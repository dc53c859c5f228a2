#include <docpipe_output/json_escape.hpp>

#include <array>

namespace docpipe::output {
namespace {

// Bytes that stop the fast copy: controls, '"', '\\', and 0xE2 (lead byte of U+2028/U+2029).
constexpr std::array<bool, 256> make_stop_table() {
  std::array<bool, 256> stop{};
  for (int c = 0; c < 0x20; ++c) stop[c] = true;
  stop['"'] = true;
  stop['\\'] = true;
  stop[0xE2] = true;
  return stop;
}
constexpr std::array<bool, 256> stop_byte = make_stop_table();

void append_escape(std::string& out, unsigned char c) {
  static constexpr char hex[] = "0123456789abcdef";
  switch (c) {
    case '"':
      out.append("\\\"");
      return;
    case '\\':
      out.append("\\\\");
      return;
    case '\n':
      out.append("\\n");
      return;
    case '\t':
      out.append("\\t");
      return;
    case '\r':
      out.append("\\r");
      return;
    case '\b':
      out.append("\\b");
      return;
    case '\f':
      out.append("\\f");
      return;
    default: {
      char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
      out.append(u, sizeof u);
    }
  }
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  const auto* data = reinterpret_cast<const unsigned char*>(text.data());
  const size_t size = text.size();
  out.push_back('"');
  size_t run = 0;  // start of the bytes not yet copied
  for (size_t i = 0; i < size; ++i) {
    unsigned char c = data[i];
    if (!stop_byte[c]) continue;
    if (c == 0xE2) {
      // U+2028 is E2 80 A8, U+2029 is E2 80 A9; other E2 sequences are copied.
      if (i + 2 < size && data[i + 1] == 0x80 && (data[i + 2] == 0xA8 || data[i + 2] == 0xA9)) {
        out.append(text.data() + run, i - run);
        out.append(data[i + 2] == 0xA8 ? "\\u2028" : "\\u2029");
        i += 2;
        run = i + 1;
      }
      continue;
    }
    out.append(text.data() + run, i - run);
    append_escape(out, c);
    run = i + 1;
  }
  out.append(text.data() + run, size - run);
  out.push_back('"');
}

}  // namespace docpipe::output
