// irc: the command-line driver. Parses the command line with CLI11, sets up the logger,
// and runs one subcommand: print, verify, compile or test (each in its own *Command.cpp).
//
// Exit codes: 0 success, 1 bad input (unreadable, unparsable or invalid files, no code
// generator), 2 bad usage (unknown option, bad value, missing argument, unknown setting).
#include "Driver.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr const char *kMainFooter = R"(Examples:
  irc verify testdata/examples/factorial.ir
  irc print testdata/examples/factorial.ir
  irc compile testdata/examples/factorial.ir --target x86_64 -o factorial.o
  irc test testdata
  irc SUBCOMMAND --help     options of one subcommand

Exit status: 0 success, 1 bad input, 2 bad usage.)";

using irc::tool::printError;

void setUpLogging(const std::string &level) {
  // The logger is irc's only global: log lines go to stderr, apart from diagnostics.
  auto logger = spdlog::stderr_logger_st("irc");
  logger->set_pattern("irc: %l: %v");
  logger->set_level(spdlog::level::from_str(level));
  spdlog::set_default_logger(logger);
}

bool isSubcommand(CLI::App &app, std::string_view name) {
  return !app.get_subcommands([&](CLI::App *sub) { return sub->get_name() == name; }).empty();
}

/// "print, verify, compile or test", in the order the subcommands were added.
std::string subcommandNames(CLI::App &app) {
  std::vector<CLI::App *> subs = app.get_subcommands([](CLI::App *) { return true; });
  std::string names;
  for (size_t i = 0; i < subs.size(); ++i)
    names += (i == 0 ? "" : i + 1 == subs.size() ? " or " : ", ") + subs[i]->get_name();
  return names;
}

void printUsageHint(const std::vector<CLI::App *> &subcommands) {
  std::string hint = "Run 'irc";
  for (const CLI::App *sub : subcommands)
    hint += " " + sub->get_name();
  hint += " --help' for usage.\n";
  std::fwrite(hint.data(), 1, hint.size(), stderr);
}

} // namespace

int main(int argc, char **argv) {
  using namespace irc::tool;

  CLI::App app{"irc: an ahead-of-time compiler for Cranelift IR (CLIF)", "irc"};
  app.set_version_flag("--version", "irc 0.1.0");
  app.require_subcommand(1);
  app.footer(kMainFooter);

  std::vector<std::unique_ptr<Command>> commands;
  commands.push_back(addPrintCommand(app));
  commands.push_back(addVerifyCommand(app));
  commands.push_back(addCompileCommand(app));
  commands.push_back(addTestCommand(app));

  // CLI11 would call an unknown subcommand a missing one; name it instead.
  if (argc > 1 && argv[1][0] != '-' && !isSubcommand(app, argv[1])) {
    printError("unknown subcommand '" + std::string(argv[1]) + "': expected " +
               subcommandNames(app));
    printUsageHint({});
    return kExitBadUsage;
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success))
      return app.exit(e); // --help, --version
    printError(e.what());
    printUsageHint(app.get_subcommands());
    return kExitBadUsage;
  }

  for (const std::unique_ptr<Command> &command : commands) {
    if (command->selected()) {
      setUpLogging(command->common().logLevel);
      return command->run();
    }
  }
  return kExitBadUsage; // unreachable: require_subcommand(1)
}
