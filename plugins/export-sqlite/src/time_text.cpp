#include "time_text.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace docpipe::sqlite {

void format_utc_ms(std::string& out, int64_t epoch_ms) {
  // Floor division, so times before 1970 keep a positive millisecond part.
  int64_t secs = epoch_ms / 1000;
  int64_t ms = epoch_ms % 1000;
  if (ms < 0) {
    ms += 1000;
    secs -= 1;
  }
  std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  char buf[48];
  if (gmtime_r(&t, &tm) == nullptr) {
    out.assign("invalid time");
    return;
  }
  int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                        tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                        static_cast<int>(ms));
  out.assign(buf, n > 0 ? static_cast<size_t>(n) : 0);
}

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace docpipe::sqlite
