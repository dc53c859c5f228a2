// Logging: one spdlog sink on stderr (text or JSON lines), one named logger
// per plugin instance ("clean.html#0"), reached by plugins through the host API.
#pragma once

#include <spdlog/logger.h>

#include <memory>
#include <string>
#include <string_view>

//! The handle plugins log through.
struct dp_logger {
  std::shared_ptr<spdlog::logger> logger;
};

namespace docpipe {

//! Output format of log lines.
enum class LogFormat { text, json };

//! Sets the process-wide level and format; call once before any logger is made.
void configure_logging(spdlog::level::level_enum level, LogFormat format);

//! The level and format configure_logging() set (what worker processes copy).
spdlog::level::level_enum current_log_level();
LogFormat current_log_format();

//! A logger named for a component ("docpipe", "clean.html#0"), sharing the one sink.
std::shared_ptr<spdlog::logger> make_logger(std::string name);

//! Parses "trace|debug|info|warn|error|off".
bool parse_log_level(std::string_view s, spdlog::level::level_enum& level);

}  // namespace docpipe
