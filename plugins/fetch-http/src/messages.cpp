#include "messages.hpp"

#include <cstdio>

namespace docpipe::http {

std::string format_size(uint64_t bytes) {
  static constexpr const char* units[] = {"KiB", "MiB", "GiB", "TiB"};
  if (bytes < 1024) return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
  double value = static_cast<double>(bytes);
  int unit = -1;
  uint64_t whole = bytes;
  bool exact = true;
  while (value >= 1024.0 && unit < 3) {
    exact = exact && whole % 1024 == 0;
    whole /= 1024;
    value /= 1024.0;
    ++unit;
  }
  char buf[48];
  if (exact) {
    std::snprintf(buf, sizeof buf, "%llu %s", static_cast<unsigned long long>(whole), units[unit]);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f %s", value, units[unit]);
  }
  return buf;
}

std::string format_duration(std::chrono::milliseconds d) {
  long long ms = d.count();
  if (ms < 0) ms = 0;
  if (ms % 1000 != 0) return std::to_string(ms) + "ms";
  long long s = ms / 1000;
  // The largest unit that divides evenly, but never "1m" for 60s: "timeout after 60s" reads better.
  if (s % 3600 == 0) return std::to_string(s / 3600) + "h";
  if (s % 60 == 0 && s >= 120) return std::to_string(s / 60) + "m";
  return std::to_string(s) + "s";
}

}  // namespace docpipe::http
