// One JSONL line as a document: {"id", "text" or "html", "url", "metadata": {...}}.
#pragma once

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace docpipe::fetch_jsonl {

//! A metadata entry: a string, or JSON text for other values.
struct MetaItem {
  std::string key;
  std::string value;
  bool is_json = false;
};

//! The fields a line gave.
struct JsonLine {
  std::optional<std::string> id;    //!< "id" as a string (numbers are written as text)
  std::optional<std::string> text;  //!< "text"
  std::optional<std::string> html;  //!< "html"
  std::optional<std::string> url;   //!< "url"
  std::vector<MetaItem> metadata;   //!< "metadata" members, then every other key
};

//! Parses one line; false with a reason (invalid JSON, not an object, a field
//! of the wrong type). The parser is reused between lines.
class JsonLineParser {
 public:
  JsonLineParser();
  //! Fills out from line.
  bool parse(std::string_view line, JsonLine& out, std::string& error);

 private:
  boost::json::stream_parser parser_;
};

}  // namespace docpipe::fetch_jsonl
