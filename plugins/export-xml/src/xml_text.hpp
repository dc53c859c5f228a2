// Text as XML 1.0 allows it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <pugixml.hpp>

namespace docpipe::xml {

//! Copies text without the characters XML 1.0 forbids (C0 controls other than
//! tab, LF and CR; U+FFFE, U+FFFF; invalid UTF-8 bytes) and adds how many
//! characters or bytes were dropped to dropped.
std::string xml_clean(std::string_view text, size_t& dropped);

//! pugixml's output appended to a string, with CR written as "&#13;". pugixml
//! writes CR in text raw, and every XML reader turns a raw CR (or CR LF) into
//! LF, so ids and text holding CR would not read back as written. Attribute
//! values are escaped by pugixml already, and its own line breaks are LF, so
//! every raw CR in its output is a character of the content.
class StringWriter final : public pugi::xml_writer {
 public:
  explicit StringWriter(std::string& out) : out_(out) {}
  void write(const void* data, size_t size) override;

 private:
  std::string& out_;
};

}  // namespace docpipe::xml
