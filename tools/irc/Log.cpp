// Log: the spdlog logger behind Log.h. The logger is irc's only global: set up once by
// main before any command runs, then only read.
#include "Log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace irc::tool {

namespace {

// The message is logged as is, not as a format string: that also spares this file fmt's
// formatting templates (seconds of compile time).
void logMessage(spdlog::level::level_enum level, const std::string &message) {
  spdlog::default_logger_raw()->log(level, spdlog::string_view_t(message));
}

} // namespace

void setUpLogging(const std::string &level) {
  auto logger = spdlog::stderr_logger_st("irc");
  logger->set_pattern("irc: %l: %v");
  logger->set_level(spdlog::level::from_str(level));
  spdlog::set_default_logger(logger);
}

void logDebug(const std::string &message) { logMessage(spdlog::level::debug, message); }
void logInfo(const std::string &message) { logMessage(spdlog::level::info, message); }
void logWarn(const std::string &message) { logMessage(spdlog::level::warn, message); }

} // namespace irc::tool
