#include "json_line.hpp"

namespace docpipe::fetch_jsonl {
namespace {

void add_meta(JsonLine& out, std::string_view key, const boost::json::value& v) {
  if (v.is_string()) {
    out.metadata.push_back({std::string(key), std::string(v.as_string()), false});
  } else {
    out.metadata.push_back({std::string(key), boost::json::serialize(v), true});
  }
}

// A field that must be a string when present.
bool string_field(const boost::json::value& v, std::string_view key,
                  std::optional<std::string>& out, std::string& error) {
  if (!v.is_string()) {
    error = "\"" + std::string(key) + "\" must be a string";
    return false;
  }
  out = std::string(v.as_string());
  return true;
}

boost::json::parse_options parse_options() {
  boost::json::parse_options options;
  options.max_depth = 64;  // deeper lines are errors, not stack overflows
  return options;
}

}  // namespace

JsonLineParser::JsonLineParser() : parser_(boost::json::storage_ptr(), parse_options()) {}

bool JsonLineParser::parse(std::string_view line, JsonLine& out, std::string& error) {
  out = JsonLine{};
  parser_.reset();
  boost::system::error_code ec;
  parser_.write(line.data(), line.size(), ec);
  if (!ec) parser_.finish(ec);
  if (ec) {
    error = "invalid JSON: " + ec.message();
    return false;
  }
  boost::json::value value = parser_.release();
  if (!value.is_object()) {
    error = "a line must be a JSON object";
    return false;
  }
  for (const auto& member : value.as_object()) {
    std::string_view key = member.key();
    const boost::json::value& v = member.value();
    if (key == "id") {
      if (v.is_string()) {
        // An empty id names nothing: sinks keyed by id would fail it later, one by one.
        if (v.as_string().empty()) {
          error = "\"id\" is empty; give a non-empty string or leave it out";
          return false;
        }
        out.id = std::string(v.as_string());
      } else if (v.is_int64() || v.is_uint64()) {
        out.id = boost::json::serialize(v);
      } else if (!v.is_null()) {
        error = "\"id\" must be a string or an integer";
        return false;
      }
    } else if (key == "text") {
      if (!v.is_null() && !string_field(v, key, out.text, error)) return false;
    } else if (key == "html") {
      if (!v.is_null() && !string_field(v, key, out.html, error)) return false;
    } else if (key == "url") {
      if (!v.is_null() && !string_field(v, key, out.url, error)) return false;
    } else if (key == "metadata") {
      if (v.is_null()) continue;
      if (!v.is_object()) {
        error = "\"metadata\" must be an object";
        return false;
      }
      for (const auto& m : v.as_object()) add_meta(out, m.key(), m.value());
    } else {
      add_meta(out, key, v);
    }
  }
  return true;
}

}  // namespace docpipe::fetch_jsonl
