#include <docpipe_files/messages.hpp>

#include <sys/stat.h>

#include <cctype>
#include <cstdio>
#include <cstring>

namespace docpipe::files {

std::string format_size(uint64_t bytes) {
  static constexpr const char* units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  if (bytes < 1024) return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
  double value = static_cast<double>(bytes) / 1024.0;
  size_t unit = 0;
  while (value >= 1024.0 && unit + 1 < std::size(units)) {
    value /= 1024.0;
    ++unit;
  }
  char text[32];
  // Whole numbers read better without a ".0" ("64 MiB", the way max_size is written).
  if (value == static_cast<double>(static_cast<uint64_t>(value))) {
    std::snprintf(text, sizeof text, "%llu %s", static_cast<unsigned long long>(value),
                  units[unit]);
  } else {
    std::snprintf(text, sizeof text, "%.1f %s", value, units[unit]);
  }
  return text;
}

std::string errno_text(int err) {
  char buffer[256];
  // GNU strerror_r may return a static string instead of filling the buffer.
  std::string text = strerror_r(err, buffer, sizeof buffer);
  if (!text.empty() && text.size() > 1 && std::islower(static_cast<unsigned char>(text[1])))
    text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

std::string non_regular_text(unsigned mode) {
  const char* what = "special file";
  if (S_ISFIFO(mode))
    what = "fifo";
  else if (S_ISSOCK(mode))
    what = "socket";
  else if (S_ISCHR(mode))
    what = "character device";
  else if (S_ISBLK(mode))
    what = "block device";
  else if (S_ISDIR(mode))
    what = "directory";
  else if (S_ISLNK(mode))
    what = "symlink";
  return std::string("not a regular file (") + what + ")";
}

}  // namespace docpipe::files
