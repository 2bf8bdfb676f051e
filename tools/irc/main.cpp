// irc: the command-line driver. Reads the command line (CommandLine.h), sets up the logger
// (Log.h), and runs one subcommand: print, verify, compile or test (each in its own
// *Command.cpp).
//
// Exit codes: 0 success, 1 bad input (unreadable, unparsable or invalid files, no code
// generator), 2 bad usage (unknown option, bad value, missing argument, unknown setting).
#include "CommandLine.h"
#include "Log.h"

#include <variant>

int main(int argc, char **argv) {
  using namespace irc::tool;

  ParsedCommandLine commandLine = parseCommandLine(argc, argv);
  if (const int *exitCode = std::get_if<int>(&commandLine))
    return *exitCode;
  return std::visit(
      [](const auto &options) {
        setUpLogging(options.common.logLevel);
        return runCommand(options);
      },
      std::get<CommandOptions>(commandLine));
}
