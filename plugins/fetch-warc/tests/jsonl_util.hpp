// Reading the JSONL that export.jsonl writes, for fetch.warc's CLI tests.
#pragma once

#include <boost/json.hpp>

#include <map>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace docpipe::fetch_warc::test {

//! Every line of a JSONL file as an object.
inline std::vector<boost::json::object> read_jsonl(const std::string& path) {
  std::vector<boost::json::object> out;
  for (const auto& line : docpipe::test::read_lines(path)) out.push_back(boost::json::parse(line).as_object());
  return out;
}

//! A string member ("" when absent or not a string).
inline std::string str(const boost::json::object& o, const char* key) {
  const boost::json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

//! A member of the "metadata" object ("" when absent); numbers as text.
inline std::string meta(const boost::json::object& o, const char* key) {
  const boost::json::value* m = o.if_contains("metadata");
  if (m == nullptr || !m->is_object()) return {};
  const boost::json::value* v = m->as_object().if_contains(key);
  if (v == nullptr) return {};
  return v->is_string() ? std::string(v->as_string()) : boost::json::serialize(*v);
}

}  // namespace docpipe::fetch_warc::test
