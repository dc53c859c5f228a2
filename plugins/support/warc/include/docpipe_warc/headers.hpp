// Named header fields as WARC and HTTP carry them: order kept, names compared
// without regard to ASCII case.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace docpipe::warc {

//! True when two header names are equal ignoring ASCII case.
bool iequals(std::string_view a, std::string_view b) noexcept;

//! An ordered list of header fields with case-insensitive lookup.
class Headers {
 public:
  using Field = std::pair<std::string, std::string>;

  //! Appends a field (duplicates are kept, as HTTP allows).
  void add(std::string name, std::string value) { fields_.emplace_back(std::move(name), std::move(value)); }
  //! Continues the last field's value (a folded line), separated by a space.
  void extend_last(std::string_view more) {
    if (fields_.empty()) return;
    fields_.back().second += ' ';
    fields_.back().second += more;
  }
  //! The value of the first field of that name.
  std::optional<std::string_view> find(std::string_view name) const noexcept;
  //! Every field, in the order read.
  const std::vector<Field>& fields() const noexcept { return fields_; }
  //! Number of fields.
  size_t size() const noexcept { return fields_.size(); }
  //! Removes every field, keeping capacity.
  void clear() noexcept { fields_.clear(); }

 private:
  std::vector<Field> fields_;
};

//! Parses "Name: value" lines (CRLF or LF; folded continuation lines joined
//! with a space) into headers; false with a reason on a line without a colon.
bool parse_header_lines(std::string_view text, Headers& out, std::string& error);

}  // namespace docpipe::warc
