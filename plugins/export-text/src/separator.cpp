#include "separator.hpp"

namespace docpipe::text_export {

std::string unescape_separator(std::string_view written) {
  std::string out;
  for (size_t i = 0; i < written.size(); ++i) {
    char c = written[i];
    if (c != '\\' || i + 1 == written.size()) {
      out.push_back(c);
      continue;
    }
    char next = written[i + 1];
    switch (next) {
      case 'n': out.push_back('\n'); break;
      case 't': out.push_back('\t'); break;
      case 'r': out.push_back('\r'); break;
      case '0': out.push_back('\0'); break;
      case '\\': out.push_back('\\'); break;
      default:
        out.push_back(c);
        out.push_back(next);
    }
    ++i;
  }
  return out;
}

}  // namespace docpipe::text_export
