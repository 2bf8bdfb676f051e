// Log: irc's log lines, "irc: LEVEL: message" on stderr, apart from diagnostics and from
// the commands' output. Log.cpp is the only user of spdlog, so only it pays for spdlog's
// headers; callers build the message text themselves.
#pragma once

#include <string>

namespace irc::tool {

/// Sends log lines at LEVEL (trace, debug, info, warn, error or off) and above to stderr.
/// Call once, before logging.
void setUpLogging(const std::string &level);

void logDebug(const std::string &message);
void logInfo(const std::string &message);
void logWarn(const std::string &message);

} // namespace irc::tool
