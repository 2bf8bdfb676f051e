// CommandLine: irc's command line, built with CLI11: the subcommands print, verify,
// compile and test, in that order, each with its own options and then the common ones
// (--set, -v/--log-level), and a footer of examples (Commands.h).
//
// Usage errors are one "irc: error: ..." line and a "Run 'irc ... --help'" hint on
// stderr (exit 2); --help and --version print to stdout (exit 0).
#include "CommandLine.h"
#include "Driver.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace irc::tool {

namespace {

constexpr const char *kMainFooter = R"(Examples:
  irc verify testdata/examples/factorial.ir
  irc print testdata/examples/factorial.ir
  irc compile testdata/examples/factorial.ir --target x86_64 -o factorial.o
  irc test testdata
  irc SUBCOMMAND --help     options of one subcommand

Exit status: 0 success, 1 bad input, 2 bad usage.)";

/// Adds --set and -v/--log-level to a subcommand.
void addCommonOptions(CLI::App &command, CommonOptions &options) {
  command
      .add_option("--set", options.settings,
                  "Set a code-generation setting, after the file's own `set` lines "
                  "(repeatable; a bare NAME means NAME=true)")
      ->type_name("NAME=VALUE")
      ->allow_extra_args(false);
  command
      .add_option("-v,--log-level", options.logLevel,
                  "Log detail on stderr: trace, debug, info, warn, error or off")
      ->type_name("LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
      ->capture_default_str();
}

/// print and verify: a list of CLIF files and the common options.
CLI::App *addFilesCommand(CLI::App &app, const char *name, const char *description,
                          std::vector<std::string> &files, CommonOptions &common,
                          const char *footer) {
  CLI::App *command = app.add_subcommand(name, description);
  command->add_option("FILE", files, "CLIF files (.clif or .ir alike; - for stdin)")
      ->type_name("")
      ->required();
  addCommonOptions(*command, common);
  command->footer(footer);
  return command;
}

CLI::App *addPrintCommand(CLI::App &app, PrintOptions &options) {
  return addFilesCommand(app, "print", "Parse CLIF files and print them in canonical form",
                         options.files, options.common, kPrintExamples);
}

CLI::App *addVerifyCommand(CLI::App &app, VerifyOptions &options) {
  return addFilesCommand(app, "verify",
                         "Parse CLIF files and verify every function (SSA, types, control flow)",
                         options.files, options.common, kVerifyExamples);
}

CLI::App *addCompileCommand(CLI::App &app, CompileOptions &options) {
  CLI::App *command =
      app.add_subcommand("compile", "Compile a CLIF file to an ELF object for x86_64 or s390x");
  command->add_option("FILE", options.file, "CLIF file (.clif or .ir alike; - for stdin)")
      ->type_name("")
      ->required();
  command->add_option("--target", options.target, "Target ISA: x86_64 or s390x")
      ->type_name("ISA")
      ->check(CLI::IsMember({"x86_64", "s390x"}));
  command->add_option("-o,--output", options.output, "Output file (- for stdout)")
      ->type_name("OUT");
  command->add_option("-O", options.optLevel, "Optimization level: none, speed or speed_and_size")
      ->type_name("LEVEL")
      ->check(CLI::IsMember({"none", "speed", "speed_and_size"}));
  command->add_option("--emit", options.emit, "What to write: obj (ELF object), asm or vcode")
      ->type_name("KIND")
      ->check(CLI::IsMember({"obj", "asm", "vcode"}))
      ->capture_default_str();
  command->add_flag("--regalloc-stats", options.regallocStats,
                    "Print the register allocator's totals (instructions, moves, spills, "
                    "reloads, time) to stderr");
  addCommonOptions(*command, options.common);
  command->footer(kCompileExamples);
  return command;
}

CLI::App *addTestCommand(CLI::App &app, TestOptions &options) {
  CLI::App *command = app.add_subcommand(
      "test", "Run CLIF filetests (verifier, compile, run) on files and folders");
  command->add_option("PATH", options.paths, "CLIF files, or folders searched for *.clif and *.ir")
      ->type_name("")
      ->required();
  command->add_option("--target", options.target, "Only targets of this ISA: x86_64 or s390x")
      ->type_name("ISA")
      ->check(CLI::IsMember({"x86_64", "s390x"}));
  command->add_flag("--bless", options.bless,
                    "Rewrite precise-output expectations with the current output");
  command->add_flag("--no-precise", options.noPrecise,
                    "Compile precise-output tests but do not compare their output");
  command->add_option("-j,--jobs", options.jobs, "Files tested at once (default: one per CPU)")
      ->type_name("N")
      ->check(CLI::Range(1, 1024));
  command->add_flag("--keep-temps", options.keepTemps,
                    "Keep run tests' temporary directories and print where they are");
  command->add_option("--filter", options.filter, "Only files whose path contains SUBSTR")
      ->type_name("SUBSTR");
  command->add_option("--regalloc", options.regalloc, "Shorthand for --set regalloc_algorithm=ALGO")
      ->type_name("ALGO")
      ->check(CLI::IsMember({"backtracking", "single_pass", "experimental"}));
  addCommonOptions(*command, options.common);
  command->footer(kTestExamples);
  return command;
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

ParsedCommandLine parseCommandLine(int argc, char **argv) {
  CLI::App app{"irc: an ahead-of-time compiler for Cranelift IR (CLIF)", "irc"};
  app.set_version_flag("--version", "irc 0.1.0");
  app.require_subcommand(1);
  app.footer(kMainFooter);

  PrintOptions print;
  VerifyOptions verify;
  CompileOptions compile;
  TestOptions test;
  const CLI::App *printCommand = addPrintCommand(app, print);
  const CLI::App *verifyCommand = addVerifyCommand(app, verify);
  const CLI::App *compileCommand = addCompileCommand(app, compile);
  const CLI::App *testCommand = addTestCommand(app, test);

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

  if (printCommand->parsed())
    return CommandOptions{std::move(print)};
  if (verifyCommand->parsed())
    return CommandOptions{std::move(verify)};
  if (compileCommand->parsed())
    return CommandOptions{std::move(compile)};
  if (testCommand->parsed())
    return CommandOptions{std::move(test)};
  return kExitBadUsage; // unreachable: require_subcommand(1)
}

} // namespace irc::tool
