#include "segment_headings.hpp"

#include <boost/json.hpp>

namespace docpipe::jsonl {

std::string headings_key(std::string_view kind) {
  std::string key(kind);
  key += "_headings";
  return key;
}

std::vector<std::string> split_headings(std::string_view json) {
  std::vector<std::string> headings;
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(json, ec);
  if (ec || !value.is_array()) return headings;
  for (const boost::json::value& element : value.as_array()) {
    headings.push_back(element.is_null() ? std::string() : boost::json::serialize(element));
  }
  return headings;
}

}  // namespace docpipe::jsonl
