// Commands: the subcommands' options, as plain structs, and the functions that run them
// (one *Command.cpp each). CommandLine.cpp fills the structs from argv; nothing here
// knows about CLI11, so the subcommands compile without its headers.
//
// Each struct's defaults are the defaults the command line shows in --help.
#pragma once

#include <string>
#include <vector>

namespace irc::tool {

/// Options every subcommand takes.
struct CommonOptions {
  std::vector<std::string> settings; // --set name=value, in order
  std::string logLevel = "warn";     // -v / --log-level
};

/// `irc print FILE...`
struct PrintOptions {
  CommonOptions common;
  std::vector<std::string> files;
};

/// `irc verify FILE...`
struct VerifyOptions {
  CommonOptions common;
  std::vector<std::string> files;
};

/// `irc compile FILE`
struct CompileOptions {
  CommonOptions common;
  std::string file;
  std::string target;   // --target: empty means the file's, else the host's
  std::string output;   // -o: empty means derived from FILE (see CompileCommand.cpp)
  std::string optLevel; // -O: empty means the settings' own
  std::string emit = "obj";
  bool regallocStats = false;
};

/// `irc test PATH...`
struct TestOptions {
  CommonOptions common;
  std::vector<std::string> paths;
  std::string target; // empty means every target
  bool bless = false;
  bool noPrecise = false;
  unsigned jobs = 0; // 0 means one per CPU
  bool keepTemps = false;
  std::string filter;
  std::string regalloc; // --regalloc ALGO, empty if not given
};

/// Run a subcommand whose options the command line has filled; returns the exit code.
int runCommand(const PrintOptions &options);
int runCommand(const VerifyOptions &options);
int runCommand(const CompileOptions &options);
int runCommand(const TestOptions &options);

/// Each subcommand's --help footer: examples and exit status.
extern const char *const kPrintExamples;
extern const char *const kVerifyExamples;
extern const char *const kCompileExamples;
extern const char *const kTestExamples;

} // namespace irc::tool
