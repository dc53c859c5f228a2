#include "logging.hpp"

#include <spdlog/details/log_msg.h>
#include <spdlog/sinks/base_sink.h>

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace docpipe {
namespace {

// Writes "2026-11-26T06:05:01.123Z info [clean.html#0] message" or one JSON
// object a line; formatted here so JSON strings are escaped properly.
class StderrSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit StderrSink(LogFormat format) : format_(format) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    std::string line;
    line.reserve(msg.payload.size() + 64);
    std::string time = timestamp(msg.time);
    auto level_view = spdlog::level::to_string_view(msg.level);
    std::string_view level(level_view.data(), level_view.size());
    std::string_view name(msg.logger_name.data(), msg.logger_name.size());
    std::string_view text(msg.payload.data(), msg.payload.size());
    if (format_ == LogFormat::json) {
      line += "{\"time\":\"" + time + "\",\"level\":\"";
      line += level;
      line += "\",\"logger\":";
      line += boost::json::serialize(boost::json::string(name));
      line += ",\"message\":";
      line += boost::json::serialize(boost::json::string(text));
      line += "}\n";
    } else {
      line += time;
      line += ' ';
      line += level;
      line += " [";
      line += name;
      line += "] ";
      line += text;
      line += '\n';
    }
    std::fwrite(line.data(), 1, line.size(), stderr);
  }
  void flush_() override { std::fflush(stderr); }

 private:
  static std::string timestamp(spdlog::log_clock::time_point tp) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(tp.time_since_epoch()).count();
    std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>(ms % 1000));
    return buf;
  }
  LogFormat format_;
};

struct LogState {
  std::mutex mutex;
  std::shared_ptr<StderrSink> sink = std::make_shared<StderrSink>(LogFormat::text);
  spdlog::level::level_enum level = spdlog::level::info;
  LogFormat format = LogFormat::text;
};

LogState& state() {
  static LogState s;
  return s;
}

}  // namespace

void configure_logging(spdlog::level::level_enum level, LogFormat format) {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  s.sink = std::make_shared<StderrSink>(format);
  s.level = level;
  s.format = format;
}

spdlog::level::level_enum current_log_level() {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  return s.level;
}

LogFormat current_log_format() {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  return s.format;
}

std::shared_ptr<spdlog::logger> make_logger(std::string name) {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  auto logger = std::make_shared<spdlog::logger>(std::move(name), s.sink);
  logger->set_level(s.level);
  logger->flush_on(spdlog::level::warn);
  return logger;
}

bool parse_log_level(std::string_view s, spdlog::level::level_enum& level) {
  static const std::pair<std::string_view, spdlog::level::level_enum> levels[] = {
      {"trace", spdlog::level::trace}, {"debug", spdlog::level::debug},
      {"info", spdlog::level::info},   {"warn", spdlog::level::warn},
      {"error", spdlog::level::err},   {"off", spdlog::level::off}};
  for (const auto& [name, value] : levels) {
    if (s == name) {
      level = value;
      return true;
    }
  }
  return false;
}

}  // namespace docpipe
