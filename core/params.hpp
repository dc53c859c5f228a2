// Plugin parameters: the host parses and validates every value against the
// plugin's static table, so plugins read typed values and never see bad ones.
#pragma once

#include <docpipe/plugin.h>

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace docpipe {

//! A parsed value; which members are meaningful depends on the type.
struct ParamValue {
  dp_param_type type = DP_PARAM_STRING;
  std::string text;                //!< string/path/enum value, or the text as written
  int64_t integer = 0;             //!< int, bool (0/1), size (bytes), duration (ms)
  double real = 0;                 //!< double (and ints, converted)
  std::vector<std::string> items;  //!< list items
  bool explicitly_set = false;     //!< false when it came from the default
};

//! A parameter as written in a pipeline: the raw text and where it was.
struct RawParam {
  std::string name;
  std::string value;
  std::string where;  //!< "file:line:column" or "--set" for messages
};

}  // namespace docpipe

//! An instance's validated parameters (the handle plugins read through the host API).
struct dp_config {
  std::map<std::string, docpipe::ParamValue, std::less<>> values;
  //! The value of a parameter, or nullptr.
  const docpipe::ParamValue* find(const char* name) const noexcept;
};

namespace docpipe {

//! The name of a type as written in docs ("size").
std::string_view param_type_name(dp_param_type t) noexcept;

//! Parses "true/false/yes/no/on/off/1/0".
std::optional<bool> parse_bool(std::string_view s);
//! Parses "64MiB", "1.5GB", "512", "64k" (bare K/M/G/T are binary); bytes.
std::optional<int64_t> parse_size(std::string_view s);
//! Parses "250ms", "30s", "5m", "2h", "1d", "1m30s"; a bare number is seconds; milliseconds.
std::optional<int64_t> parse_duration_ms(std::string_view s);
//! Parses a whole string as a signed integer.
std::optional<int64_t> parse_int(std::string_view s);
//! Parses a whole string as a double.
std::optional<double> parse_double(std::string_view s);
//! Splits a list value at commas ("\," is a literal comma), trimming items, dropping empty ones.
std::vector<std::string> split_list(std::string_view s);

//! Parses one value for a spec; on failure returns nullopt and sets error (without location).
std::optional<ParamValue> parse_param_value(const dp_param_spec& spec, std::string_view text,
                                            std::string& error);

//! Checks a plugin's table itself (names, types, defaults that parse); error when not.
bool check_param_table(std::span<const dp_param_spec> table, std::string& error);

//! Builds a config from raw params: unknown names, wrong types, missing required
//! values and out-of-range values throw ConfigError naming where and what was expected.
dp_config build_config(std::string_view instance, std::span<const dp_param_spec> table,
                       const std::vector<RawParam>& raw);

//! The closest allowed name to a misspelt one, if any is close.
std::optional<std::string> closest_name(std::string_view name,
                                         const std::vector<std::string>& allowed);

}  // namespace docpipe
