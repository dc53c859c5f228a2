#include <docpipe_output/iso8601.hpp>

#include <cstdio>
#include <ctime>

namespace docpipe::output {

void append_iso8601_utc(std::string& out, int64_t epoch_ms) {
  // Floor division, so times before 1970 keep a positive millisecond part.
  int64_t seconds = epoch_ms / 1000;
  int64_t millis = epoch_ms % 1000;
  if (millis < 0) {
    millis += 1000;
    seconds -= 1;
  }
  time_t t = static_cast<time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[48];
  int n = std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                        tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                        static_cast<int>(millis));
  if (n > 0) out.append(text, static_cast<size_t>(n));
}

}  // namespace docpipe::output
