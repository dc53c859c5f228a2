#include "progress_line.hpp"

#include <docpipe/plugin.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace docpipe {
namespace {

constexpr size_t kDefaultWidth = 100;
constexpr size_t kBarWidth = 30;
constexpr size_t kMinBarWidth = 10;
constexpr size_t kTerminalIdColumns = 40;  // longer document ids are shortened in the middle

std::string printf_string(const char* format, auto... args) {
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, format, args...);
  return std::string(buf, n > 0 ? std::min<size_t>(static_cast<size_t>(n), sizeof buf - 1) : 0);
}

// "42s", "0.5s": whole seconds unless the value is small and fractional.
std::string format_seconds(double s) {
  if (!std::isfinite(s) || s < 0) return "?";
  if (s >= 10 || s == std::floor(s)) return printf_string("%.0fs", std::floor(s));
  return printf_string("%.1fs", s);
}

double per_second(uint64_t n, double seconds) { return seconds > 0 ? n / seconds : 0.0; }

// Document ids come from the input: keep control characters out of the terminal.
std::string printable(const std::string& s) {
  std::string out = s;
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return out;
}

// What a narrower terminal gives up, in order: the elapsed time, the breakdown
// of the counts, the secondary rates; last, the overdue stages move to the front
// so that the cut at the edge loses progress figures rather than a stuck stage.
enum class Detail { full, no_elapsed, short_counts, essential, overdue_first };

std::string counts(const ProgressSnapshot& s, Detail detail) {
  std::string out = std::to_string(s.read) + " read";
  if (detail >= Detail::short_counts) return out + ", " + std::to_string(s.failed) + " failed";
  out += ": " + std::to_string(s.ok) + " ok, ";
  if (s.partial > 0) out += std::to_string(s.partial) + " partial, ";
  out += std::to_string(s.dropped) + " dropped, " + std::to_string(s.failed) + " failed";
  return out;
}

// An id longer than max columns keeps its start and end around "...".
std::string shortened(const std::string& id, size_t max) {
  if (id.size() <= max || max < 8) return id;
  const size_t head = (max - 3) / 2, tail = max - 3 - head;
  size_t h = head, t = id.size() - tail;
  while (h > 0 && (static_cast<unsigned char>(id[h]) & 0xC0) == 0x80) --h;
  while (t < id.size() && (static_cast<unsigned char>(id[t]) & 0xC0) == 0x80) ++t;
  return id.substr(0, h) + "..." + id.substr(t);
}

std::string overdue_text(const std::vector<OverdueStage>& overdue, size_t max_id) {
  std::string out = "overdue: ";
  for (size_t i = 0; i < overdue.size(); ++i) {
    const auto& o = overdue[i];
    if (i > 0) out += "; ";
    out += printable(o.instance) + " on " + shortened(printable(o.document), max_id) + " for " +
           format_seconds(o.held_seconds) + " > " + format_seconds(o.deadline_seconds);
  }
  return out;
}

// "12.15/27.00 MB", or "512.00 KB/1.20 MB" when the units differ.
std::string done_of_total(uint64_t done, uint64_t total, int unit) {
  std::string d = format_amount(done, unit), t = format_amount(total, unit);
  const size_t ds = d.rfind(' '), ts = t.rfind(' ');
  if (d.compare(ds, std::string::npos, t, ts, std::string::npos) == 0) d.resize(ds);
  return d + "/" + t;
}

bool known_total(const ProgressSnapshot& s) { return s.source_unit != 0 && s.source_total > 0; }

// "123 docs/s", "4.5 docs/s": three figures are enough for a rate.
std::string rate(double per_second, const char* unit) {
  return printf_string(per_second >= 100 ? "%.0f %s" : "%.1f %s", per_second, unit);
}

// The line with a bar of bar_width cells (known total only). The overdue stages
// come before the counts so that a cut at the terminal's edge loses the counts.
std::string compose(const ProgressSnapshot& s, size_t bar_width, Detail detail,
                    size_t max_id = std::string::npos) {
  std::string out = "[docpipe] ";
  if (detail == Detail::overdue_first && !s.overdue.empty())
    out += overdue_text(s.overdue, max_id) + " | ";
  const double secs = s.elapsed_seconds;
  const bool secondary = detail < Detail::essential;
  const std::string docs_rate = rate(per_second(s.read, secs), "docs/s");
  const std::string mb_rate = printf_string("%.2f MB/s", per_second(s.bytes_in, secs) / 1e6);
  if (known_total(s)) {
    const uint64_t done = std::min(s.source_done, s.source_total);
    const double fraction = static_cast<double>(done) / static_cast<double>(s.source_total);
    const auto filled = static_cast<size_t>(std::floor(fraction * static_cast<double>(bar_width)));
    out += printf_string("%3d%% ", static_cast<int>(std::floor(fraction * 100)));
    out += "[" + std::string(filled, '#') + std::string(bar_width - filled, '-') + "] ";
    out += done_of_total(done, s.source_total, s.source_unit) + ", ";
    // The bar's own rate first, so that amount, rate and ETA agree.
    if (s.source_unit == DP_PROGRESS_BYTES) {
      out += printf_string("%.2f MB/s", per_second(done, secs) / 1e6);
      if (secondary) out += ", " + docs_rate;
    } else {
      out += rate(per_second(done, secs), "items/s");
      if (secondary) out += ", " + docs_rate + ", " + mb_rate;
    }
    double eta = done >= s.source_total   ? 0.0
                 : done == 0 || secs <= 0 ? -1.0
                                          : static_cast<double>(s.source_total - done) * secs /
                                                static_cast<double>(done);
    out += ", ETA " + format_duration(eta);
  } else {
    out += docs_rate;
    if (secondary) out += ", " + mb_rate;
    if (s.source_unit != 0) out += ", input " + format_amount(s.source_done, s.source_unit);
  }
  if (detail == Detail::full) out += ", " + format_duration(secs) + " elapsed";
  if (detail != Detail::overdue_first && !s.overdue.empty())
    out += " | " + overdue_text(s.overdue, max_id);
  out += " | " + counts(s, detail);
  return out;
}

// Columns of UTF-8 text, counting one per code point (ids may hold any script).
size_t columns(const std::string& s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// The first n columns, never splitting a UTF-8 sequence.
std::string cut_columns(std::string s, size_t n) {
  size_t seen = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (seen++ == n) {
      s.resize(i);
      break;
    }
  }
  return s;
}

}  // namespace

size_t terminal_width(int fd) {
  winsize ws{};
  if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  if (const char* env = std::getenv("COLUMNS")) {
    char* end = nullptr;
    long v = std::strtol(env, &end, 10);
    if (end != env && *end == '\0' && v > 0 && v < 100000) return static_cast<size_t>(v);
  }
  return kDefaultWidth;
}

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const auto total = static_cast<uint64_t>(std::llround(seconds));
  const uint64_t h = total / 3600, m = total / 60 % 60, s = total % 60;
  if (h == 0)
    return printf_string("%02llu:%02llu", static_cast<unsigned long long>(m),
                         static_cast<unsigned long long>(s));
  return printf_string("%llu:%02llu:%02llu", static_cast<unsigned long long>(h),
                       static_cast<unsigned long long>(m), static_cast<unsigned long long>(s));
}

std::string format_amount(uint64_t n, int unit) {
  if (unit != DP_PROGRESS_BYTES) return std::to_string(n) + " items";
  if (n < 1000) return std::to_string(n) + " B";
  static constexpr const char* kUnits[] = {"KB", "MB", "GB", "TB", "PB", "EB"};
  double v = static_cast<double>(n) / 1000;
  size_t i = 0;
  while (v >= 999.95 && i + 1 < std::size(kUnits)) {
    v /= 1000;
    ++i;
  }
  return printf_string(v < 99.995 ? "%.2f %s" : "%.1f %s", v, kUnits[i]);
}

ProgressLine::ProgressLine(Mode mode, size_t width, int fd) : mode_(mode), width_(width), fd_(fd) {}

ProgressLine ProgressLine::for_fd(int fd) {
  return ProgressLine(isatty(fd) != 0 ? Mode::terminal : Mode::log, 0, fd);
}

std::string ProgressLine::render(const ProgressSnapshot& s) {
  if (mode_ == Mode::log) return compose(s, kBarWidth, Detail::full) + "\n";
  // Writing the last column makes some terminals wrap, so the line ends one short.
  const size_t width = width_ > 0 ? width_ : terminal_width(fd_);
  const size_t limit = width > 1 ? width - 1 : 1;
  std::string line;
  // Narrower terminals first lose bar cells, then details; what still does not fit is cut.
  for (Detail detail : {Detail::full, Detail::no_elapsed, Detail::short_counts, Detail::essential,
                        Detail::overdue_first}) {
    const size_t without_bar = columns(compose(s, 0, detail, kTerminalIdColumns));
    const size_t bar = limit > without_bar ? std::min(kBarWidth, limit - without_bar) : 0;
    line = compose(s, std::max(bar, kMinBarWidth), detail, kTerminalIdColumns);
    if (columns(line) <= limit) break;
  }
  line = cut_columns(std::move(line), limit);
  line.append(limit - columns(line), ' ');
  drawn_ = true;
  return "\r" + line;
}

std::string ProgressLine::finish() {
  if (mode_ != Mode::terminal || !drawn_) return "";
  drawn_ = false;
  return "\n";
}

}  // namespace docpipe
