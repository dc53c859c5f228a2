#include <docpipe_output/path_template.hpp>

#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace docpipe::output {
namespace {

struct Placeholder {
  std::string_view name;
  int width = 0;  // zero-padding width; 0 for none
};

// Parses the inside of "{...}": a name, optionally ":0N" or ":N" (zero-padded to N).
Placeholder parse_placeholder(std::string_view inside, std::string_view whole_template) {
  Placeholder p;
  size_t colon = inside.find(':');
  p.name = inside.substr(0, colon);
  if (colon != std::string_view::npos) {
    std::string_view spec = inside.substr(colon + 1);
    auto [end, ec] = std::from_chars(spec.data(), spec.data() + spec.size(), p.width);
    if (spec.empty() || ec != std::errc() || end != spec.data() + spec.size() || p.width < 0 ||
        p.width > 20) {
      throw std::invalid_argument("bad padding in {" + std::string(inside) + "} of path template " +
                                  std::string(whole_template) + "; write e.g. {part:05}");
    }
  }
  return p;
}

void append_padded(std::string& out, uint64_t value, int width) {
  std::string digits = std::to_string(value);
  if (static_cast<int>(digits.size()) < width) out.append(static_cast<size_t>(width) - digits.size(), '0');
  out += digits;
}

uint64_t fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// Length of a valid UTF-8 sequence at s[i], or 0 when the bytes there are not one.
size_t utf8_length(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) return 1;
  size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
  if (n == 0 || c > 0xF4 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
  }
  // Overlong 3/4-byte forms, surrogates and code points above U+10FFFF.
  if (c == 0xE0 && b(i + 1) < 0xA0) return 0;
  if (c == 0xED && b(i + 1) >= 0xA0) return 0;
  if (c == 0xF0 && b(i + 1) < 0x90) return 0;
  if (c == 0xF4 && b(i + 1) >= 0x90) return 0;
  return n;
}

bool unsafe_ascii(unsigned char c) {
  if (c < 0x20 || c == 0x7F) return true;
  switch (c) {
    case '<': case '>': case ':': case '"': case '\\': case '|': case '?': case '*':
      return true;
    default:
      return false;
  }
}

// Appends one cleaned path component (no '/' inside) to out, if not empty.
void append_component(std::string& out, std::string_view component) {
  std::string clean;
  for (size_t i = 0; i < component.size();) {
    size_t n = utf8_length(component, i);
    if (n == 0 || (n == 1 && unsafe_ascii(static_cast<unsigned char>(component[i])))) {
      clean.push_back('_');
      i += n == 0 ? 1 : n;
      continue;
    }
    clean.append(component, i, n);
    i += n;
  }
  if (clean.empty()) return;
  // "." and ".." would climb; any leading dot hides the file and could
  // collide with the ".NAME.tmp-" names of files being written.
  if (clean[0] == '.') clean[0] = '_';
  if (!out.empty()) out.push_back('/');
  out += clean;
}

std::string hex16(uint64_t h) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(h));
  return text;
}

std::string format_date(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[48];  // room for any int, so the compiler sees no truncation
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  return text;
}

// The process's start time from /proc (boot time + start ticks), so every
// plugin library of one run agrees; now() when /proc cannot tell.
std::time_t process_start_time() {
  std::ifstream stat_file("/proc/self/stat");
  std::string stat((std::istreambuf_iterator<char>(stat_file)), std::istreambuf_iterator<char>());
  size_t paren = stat.rfind(')');  // the command name may hold spaces and parentheses
  std::ifstream proc_stat("/proc/stat");
  long long boot = 0;
  for (std::string line; std::getline(proc_stat, line);) {
    if (line.rfind("btime ", 0) == 0) boot = std::stoll(line.substr(6));
  }
  long ticks_per_second = sysconf(_SC_CLK_TCK);
  if (paren == std::string::npos || boot <= 0 || ticks_per_second <= 0) return std::time(nullptr);
  std::istringstream fields(stat.substr(paren + 2));
  std::string field;
  // Field 22 of /proc/self/stat is starttime; after "pid (comm)" it is the 20th.
  for (int i = 0; i < 20 && fields >> field; ++i) {
  }
  long long start_ticks = 0;
  if (auto [p, ec] = std::from_chars(field.data(), field.data() + field.size(), start_ticks);
      ec != std::errc() || start_ticks <= 0) {
    return std::time(nullptr);
  }
  return static_cast<std::time_t>(boot + start_ticks / ticks_per_second);
}

}  // namespace

std::string expand_template(std::string_view path_template, const TemplateVars& vars) {
  std::string out;
  out.reserve(path_template.size() + 32);
  for (size_t i = 0; i < path_template.size(); ++i) {
    char c = path_template[i];
    if (c == '}' ) {
      if (i + 1 < path_template.size() && path_template[i + 1] == '}') ++i;
      out.push_back('}');
      continue;
    }
    if (c != '{') {
      out.push_back(c);
      continue;
    }
    if (i + 1 < path_template.size() && path_template[i + 1] == '{') {
      out.push_back('{');
      ++i;
      continue;
    }
    size_t close = path_template.find('}', i);
    if (close == std::string_view::npos) {
      throw std::invalid_argument("unclosed '{' in path template " + std::string(path_template) +
                                  " (write {{ for a literal brace)");
    }
    Placeholder p = parse_placeholder(path_template.substr(i + 1, close - i - 1), path_template);
    if (p.name == "shard") {
      append_padded(out, vars.shard, p.width);
    } else if (p.name == "shard_count") {
      append_padded(out, vars.shard_count, p.width);
    } else if (p.name == "part") {
      append_padded(out, vars.part, p.width);
    } else if (p.name == "date") {
      out += vars.date.empty() ? run_start_date() : vars.date;
    } else if (p.name == "pipeline") {
      out += safe_file_name(vars.pipeline.empty() ? "pipeline" : vars.pipeline);
    } else if (p.name == "id") {
      out += safe_file_name(vars.id);
    } else {
      throw std::invalid_argument("unknown placeholder {" + std::string(p.name) +
                                  "} in path template " + std::string(path_template) +
                                  "; known: {shard} {shard_count} {part} {date} {pipeline} {id}");
    }
    i = close;
  }
  return out;
}

bool template_has(std::string_view path_template, std::string_view name) {
  for (size_t i = 0; i < path_template.size(); ++i) {
    if (path_template[i] != '{') continue;
    if (i + 1 < path_template.size() && path_template[i + 1] == '{') {
      ++i;
      continue;
    }
    size_t close = path_template.find('}', i);
    if (close == std::string_view::npos) return false;
    std::string_view inside = path_template.substr(i + 1, close - i - 1);
    if (inside.substr(0, inside.find(':')) == name) return true;
    i = close;
  }
  return false;
}

std::string insert_before_extension(std::string_view path_template, std::string_view piece) {
  size_t slash = path_template.rfind('/');
  size_t name_begin = slash == std::string_view::npos ? 0 : slash + 1;
  std::string_view name = path_template.substr(name_begin);
  size_t cut = name.size();
  for (std::string_view suffix : {".gz", ".zst"}) {
    if (name.size() > suffix.size() && name.ends_with(suffix)) cut -= suffix.size();
  }
  size_t dot = name.substr(0, cut).rfind('.');
  // A leading dot names a hidden file, not an extension.
  if (dot != std::string_view::npos && dot > 0) cut = dot;
  std::string out(path_template.substr(0, name_begin + cut));
  out += piece;
  out += name.substr(cut);
  return out;
}

std::string safe_file_name(std::string_view id, size_t max_length) {
  std::string out;
  size_t start = 0;
  while (start <= id.size()) {
    size_t slash = id.find('/', start);
    if (slash == std::string_view::npos) slash = id.size();
    append_component(out, id.substr(start, slash - start));
    start = slash + 1;
  }
  if (out.empty()) out = "_";
  if (max_length < 24) max_length = 24;  // room for the hash suffix and a little of the name
  if (out.size() <= max_length) return out;
  std::string suffix = "~" + hex16(fnv1a(id));
  size_t keep = max_length - suffix.size();
  // Back up to the start of a UTF-8 sequence so CJK text is not cut mid-character.
  while (keep > 0 && (static_cast<unsigned char>(out[keep]) & 0xC0) == 0x80) --keep;
  out.resize(keep);
  while (!out.empty() && out.back() == '/') out.pop_back();
  out += suffix;
  return out;
}

const std::string& run_start_date() {
  static const std::string date = format_date(process_start_time());
  return date;
}

}  // namespace docpipe::output
