// `irc print FILE...`: parse each file and print it back in canonical CLIF: its header
// lines, then its functions (comments are dropped).
#include "Driver.h"

#include "parser/TestFilePrinter.h"

#include <cstdio>

namespace irc::tool {

namespace {

constexpr const char *kPrintExamples = R"(Examples:
  irc print factorial.ir              canonical text of every function
  irc print a.clif b.clif > all.clif  several files, one after the other
  cat f.clif | irc print -            read standard input

Exit status: 0 printed, 1 a file could not be read or parsed, 2 bad usage.)";

class PrintCommand final : public Command {
public:
  explicit PrintCommand(CLI::App &app) {
    CLI::App *command = app_ =
        app.add_subcommand("print", "Parse CLIF files and print them in canonical form");
    command->add_option("FILE", files_, "CLIF files (.clif or .ir alike; - for stdin)")
        ->type_name("")
        ->required();
    addCommonOptions(*command, common_);
    command->footer(kPrintExamples);
  }

  int run() override {
    if (!checkCommandLineSettings(common_))
      return kExitBadUsage;
    int exitCode = kExitSuccess;
    for (const std::string &path : files_) {
      std::optional<InputFile> file = loadInputFile(path, /*keepComments=*/true);
      if (!file) {
        exitCode = kExitBadInput;
        continue;
      }
      std::string text = parser::printTestFile(file->parsed);
      std::fwrite(text.data(), 1, text.size(), stdout);
    }
    return exitCode;
  }

private:
  std::vector<std::string> files_;
};

} // namespace

std::unique_ptr<Command> addPrintCommand(CLI::App &app) {
  return std::make_unique<PrintCommand>(app);
}

} // namespace irc::tool
