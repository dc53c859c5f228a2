#include "params.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <cstdlib>
#include <set>

#include "errors.hpp"
#include "strings.hpp"

const docpipe::ParamValue* dp_config::find(const char* name) const noexcept {
  if (name == nullptr) return nullptr;
  auto it = values.find(std::string_view(name));
  return it == values.end() ? nullptr : &it->second;
}

namespace docpipe {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Splits "1.5GiB" into the number and the unit.
bool split_number_unit(std::string_view s, double& number, std::string& unit) {
  size_t i = 0;
  while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
  if (i == 0) return false;
  auto r = std::from_chars(s.data(), s.data() + i, number);
  if (r.ec != std::errc() || r.ptr != s.data() + i) return false;
  unit = lower(trim(s.substr(i)));
  return true;
}

bool name_ok(const char* name) {
  if (name == nullptr || *name == '\0') return false;
  for (const char* p = name; *p; ++p) {
    if (!(std::islower(static_cast<unsigned char>(*p)) || std::isdigit(static_cast<unsigned char>(*p)) ||
          *p == '_'))
      return false;
  }
  return true;
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string_view param_type_name(dp_param_type t) noexcept {
  switch (t) {
    case DP_PARAM_STRING: return "string";
    case DP_PARAM_INT: return "int";
    case DP_PARAM_DOUBLE: return "double";
    case DP_PARAM_BOOL: return "bool";
    case DP_PARAM_SIZE: return "size";
    case DP_PARAM_DURATION: return "duration";
    case DP_PARAM_ENUM: return "enum";
    case DP_PARAM_LIST: return "list";
    case DP_PARAM_PATH: return "path";
  }
  return "unknown";
}

std::optional<bool> parse_bool(std::string_view s) {
  std::string v = lower(trim(s));
  if (v == "true" || v == "yes" || v == "on" || v == "1") return true;
  if (v == "false" || v == "no" || v == "off" || v == "0") return false;
  return std::nullopt;
}

std::optional<int64_t> parse_int(std::string_view s) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  int64_t v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<double> parse_double(std::string_view s) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  double v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

std::optional<int64_t> parse_size(std::string_view s) {
  double number = 0;
  std::string unit;
  if (!split_number_unit(trim(s), number, unit)) return std::nullopt;
  double scale = 0;
  static const std::pair<const char*, double> units[] = {
      {"", 1},         {"b", 1},
      {"k", 1024.0},   {"kib", 1024.0},   {"kb", 1e3},
      {"m", 1048576.0}, {"mib", 1048576.0}, {"mb", 1e6},
      {"g", 1073741824.0}, {"gib", 1073741824.0}, {"gb", 1e9},
      {"t", 1099511627776.0}, {"tib", 1099511627776.0}, {"tb", 1e12}};
  for (const auto& [name, factor] : units) {
    if (unit == name) scale = factor;
  }
  if (scale == 0) return std::nullopt;
  double bytes = std::round(number * scale);
  if (bytes > static_cast<double>(std::numeric_limits<int64_t>::max())) return std::nullopt;
  return static_cast<int64_t>(bytes);
}

std::optional<int64_t> parse_duration_ms(std::string_view s) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  if (auto plain = parse_double(s)) {
    if (*plain < 0) return std::nullopt;
    return static_cast<int64_t>(std::llround(*plain * 1000.0));
  }
  double total = 0;
  while (!s.empty()) {
    size_t i = 0;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
    if (i == 0) return std::nullopt;
    double number = 0;
    auto r = std::from_chars(s.data(), s.data() + i, number);
    if (r.ec != std::errc() || r.ptr != s.data() + i) return std::nullopt;
    size_t j = i;
    while (j < s.size() && std::isalpha(static_cast<unsigned char>(s[j]))) ++j;
    std::string unit = lower(s.substr(i, j - i));
    double ms = 0;
    if (unit == "ms") ms = 1;
    else if (unit == "s" || unit == "sec") ms = 1000;
    else if (unit == "m" || unit == "min") ms = 60000;
    else if (unit == "h") ms = 3600000;
    else if (unit == "d") ms = 86400000;
    else return std::nullopt;
    total += number * ms;
    s = trim(s.substr(j));
  }
  if (total > 9.2e18) return std::nullopt;
  return static_cast<int64_t>(std::llround(total));
}

std::vector<std::string> split_list(std::string_view s) {
  std::vector<std::string> items;
  std::string current;
  auto flush = [&] {
    std::string_view t = trim(current);
    if (!t.empty()) items.emplace_back(t);
    current.clear();
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == ',') {
      current += ',';
      ++i;
    } else if (s[i] == ',') {
      flush();
    } else {
      current += s[i];
    }
  }
  flush();
  return items;
}

std::optional<ParamValue> parse_param_value(const dp_param_spec& spec, std::string_view text,
                                            std::string& error) {
  ParamValue v;
  v.type = spec.type;
  v.text.assign(text);
  auto expect = [&](std::string_view what) {
    error = "expected " + std::string(what) + ", got '" + std::string(text) + "'";
    return std::nullopt;
  };
  switch (spec.type) {
    case DP_PARAM_STRING:
      break;
    case DP_PARAM_PATH: {
      std::string_view t = trim(text);
      if (t.empty()) return expect("a path");
      v.text.assign(t);
      if (v.text.size() >= 2 && v.text[0] == '~' && v.text[1] == '/') {
        if (const char* home = std::getenv("HOME")) v.text = std::string(home) + v.text.substr(1);
      }
      break;
    }
    case DP_PARAM_INT: {
      auto n = parse_int(text);
      if (!n) return expect("an integer");
      v.integer = *n;
      v.real = static_cast<double>(*n);
      break;
    }
    case DP_PARAM_DOUBLE: {
      auto d = parse_double(text);
      if (!d) return expect("a number");
      v.real = *d;
      v.integer = static_cast<int64_t>(*d);
      break;
    }
    case DP_PARAM_BOOL: {
      auto b = parse_bool(text);
      if (!b) return expect("true or false");
      v.integer = *b ? 1 : 0;
      v.real = static_cast<double>(v.integer);
      break;
    }
    case DP_PARAM_SIZE: {
      auto n = parse_size(text);
      if (!n) return expect("a size such as 512, 64KiB, 64MiB or 1GB");
      v.integer = *n;
      v.real = static_cast<double>(*n);
      break;
    }
    case DP_PARAM_DURATION: {
      auto n = parse_duration_ms(text);
      if (!n) return expect("a duration such as 250ms, 30s, 5m or 1h");
      v.integer = *n;
      v.real = static_cast<double>(*n);
      break;
    }
    case DP_PARAM_ENUM: {
      // Choices are written "a|b|c".
      std::vector<std::string> choices;
      std::string_view c = spec.choices ? spec.choices : "";
      while (!c.empty()) {
        size_t bar = c.find('|');
        choices.emplace_back(c.substr(0, bar));
        if (bar == std::string_view::npos) break;
        c.remove_prefix(bar + 1);
      }
      std::string_view t = trim(text);
      if (std::find(choices.begin(), choices.end(), t) == choices.end())
        return expect("one of " + join(choices, ", "));
      v.text.assign(t);
      break;
    }
    case DP_PARAM_LIST:
      v.items = split_list(text);
      break;
    default:
      error = "unknown parameter type";
      return std::nullopt;
  }
  // Bounds apply to numeric types, compared in the parsed unit.
  if (spec.type == DP_PARAM_INT || spec.type == DP_PARAM_DOUBLE || spec.type == DP_PARAM_SIZE ||
      spec.type == DP_PARAM_DURATION) {
    auto bound = [&](const char* b) -> std::optional<double> {
      if (b == nullptr) return std::nullopt;
      dp_param_spec plain = spec;
      plain.min = plain.max = nullptr;
      std::string ignored;
      auto parsed = parse_param_value(plain, b, ignored);
      if (!parsed) return std::nullopt;
      return parsed->real;
    };
    if (auto lo = bound(spec.min); lo && v.real < *lo) {
      error = "'" + std::string(text) + "' is below the minimum " + spec.min;
      return std::nullopt;
    }
    if (auto hi = bound(spec.max); hi && v.real > *hi) {
      error = "'" + std::string(text) + "' is above the maximum " + spec.max;
      return std::nullopt;
    }
  }
  return v;
}

bool check_param_table(std::span<const dp_param_spec> table, std::string& error) {
  std::set<std::string_view> seen;
  for (const auto& spec : table) {
    if (!name_ok(spec.name)) {
      error = "parameter name '" + std::string(spec.name ? spec.name : "(null)") +
              "' is not [a-z0-9_]+";
      return false;
    }
    if (!seen.insert(spec.name).second) {
      error = "parameter '" + std::string(spec.name) + "' is declared twice";
      return false;
    }
    if (spec.type < DP_PARAM_STRING || spec.type > DP_PARAM_PATH) {
      error = "parameter '" + std::string(spec.name) + "' has an unknown type";
      return false;
    }
    if (spec.type == DP_PARAM_ENUM && (spec.choices == nullptr || *spec.choices == '\0')) {
      error = "enum parameter '" + std::string(spec.name) + "' has no choices";
      return false;
    }
    if (spec.default_value != nullptr) {
      std::string why;
      if (!parse_param_value(spec, spec.default_value, why)) {
        error = "default of parameter '" + std::string(spec.name) + "' is invalid: " + why;
        return false;
      }
    }
  }
  return true;
}

std::optional<std::string> closest_name(std::string_view name,
                                        const std::vector<std::string>& allowed) {
  std::optional<std::string> best;
  size_t best_distance = std::max<size_t>(2, name.size() / 3) + 1;
  for (const auto& a : allowed) {
    size_t d = edit_distance(name, a);
    if (d < best_distance) {
      best_distance = d;
      best = a;
    }
  }
  return best;
}

dp_config build_config(std::string_view instance, std::span<const dp_param_spec> table,
                       const std::vector<RawParam>& raw) {
  dp_config config;
  std::vector<std::string> allowed;
  for (const auto& spec : table) allowed.emplace_back(spec.name);
  auto spec_for = [&](std::string_view name) -> const dp_param_spec* {
    for (const auto& spec : table)
      if (name == spec.name) return &spec;
    return nullptr;
  };
  for (const auto& r : raw) {
    const dp_param_spec* spec = spec_for(r.name);
    std::string prefix = r.where.empty() ? std::string() : r.where + ": ";
    if (spec == nullptr) {
      std::string msg = prefix + "unknown parameter '" + r.name + "' for " + std::string(instance);
      if (auto near = closest_name(r.name, allowed)) msg += " (did you mean '" + *near + "'?)";
      msg += allowed.empty() ? "; it takes no parameters" : "; allowed: " + join(allowed, ", ");
      throw ConfigError(msg);
    }
    std::string why;
    auto value = parse_param_value(*spec, r.value, why);
    if (!value) {
      throw ConfigError(prefix + "parameter '" + r.name + "' of " + std::string(instance) + " (" +
                        std::string(param_type_name(spec->type)) + "): " + why);
    }
    value->explicitly_set = true;
    auto it = config.values.find(r.name);
    // Repeating a list parameter appends; repeating anything else replaces.
    if (it != config.values.end() && spec->type == DP_PARAM_LIST && it->second.explicitly_set) {
      for (auto& item : value->items) it->second.items.push_back(std::move(item));
      it->second.text.append(",").append(value->text);
    } else {
      config.values[r.name] = std::move(*value);
    }
  }
  for (const auto& spec : table) {
    if (config.values.count(spec.name)) continue;
    if (spec.required) {
      throw ConfigError(std::string(instance) + ": required parameter '" + spec.name + "' (" +
                        std::string(param_type_name(spec.type)) + ": " +
                        (spec.description ? spec.description : "") + ") is not set");
    }
    if (spec.default_value != nullptr) {
      std::string why;
      if (auto value = parse_param_value(spec, spec.default_value, why)) {
        config.values[spec.name] = std::move(*value);
      }
    }
  }
  return config;
}

}  // namespace docpipe
