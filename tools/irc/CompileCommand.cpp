// `irc compile FILE`: parse, check, verify, then hand the functions to the target's backend
// (Backend.h) and write what it returns.
#include "Backend.h"
#include "Driver.h"

#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace irc::tool {

namespace {

constexpr const char *kCompileExamples = R"(Examples:
  irc compile factorial.ir -o factorial.o            target from the file, else the host
  irc compile f.clif --target s390x -O speed -o f.o  choose target and optimization
  irc compile f.clif --emit=asm                      assembly text on stdout
  irc compile f.clif --set preserve_frame_pointers --set unwind_info=false -o f.o

The target is --target, else the file's first `target` line, else the host (x86_64).
Settings apply in order: the file's `set` lines, then --set, then -O.
Without -o, an object goes to FILE's name with .o in the current directory, and
asm/vcode text to stdout.

Exit status: 0 compiled, 1 bad input or no code generator for the target, 2 bad usage.)";

Expected<void> writeOutput(const std::string &path, const std::string &bytes) {
  bool isStdout = path == "-";
  std::FILE *stream = isStdout ? stdout : std::fopen(path.c_str(), "wb");
  if (!stream)
    return makeError("cannot write '" + path + "': " + std::strerror(errno));
  size_t written = std::fwrite(bytes.data(), 1, bytes.size(), stream);
  int error = written == bytes.size() ? 0 : errno;
  if (!isStdout && std::fclose(stream) != 0 && error == 0)
    error = errno;
  if (error != 0)
    return makeError("cannot write '" + path + "': " + std::strerror(error));
  return {};
}

class CompileCommand final : public Command {
public:
  explicit CompileCommand(CLI::App &app) {
    CLI::App *command = app_ =
        app.add_subcommand("compile", "Compile a CLIF file to an ELF object for x86_64 or s390x");
    command->add_option("FILE", file_, "CLIF file (.clif or .ir alike; - for stdin)")
        ->type_name("")
        ->required();
    command->add_option("--target", target_, "Target ISA: x86_64 or s390x")
        ->type_name("ISA")
        ->check(CLI::IsMember({"x86_64", "s390x"}));
    command->add_option("-o,--output", output_, "Output file (- for stdout)")->type_name("OUT");
    command->add_option("-O", optLevel_, "Optimization level: none, speed or speed_and_size")
        ->type_name("LEVEL")
        ->check(CLI::IsMember({"none", "speed", "speed_and_size"}));
    command->add_option("--emit", emit_, "What to write: obj (ELF object), asm or vcode")
        ->type_name("KIND")
        ->check(CLI::IsMember({"obj", "asm", "vcode"}))
        ->capture_default_str();
    command->add_flag("--regalloc-stats", regallocStats_,
                      "Print the register allocator's totals (instructions, moves, spills, "
                      "reloads, time) to stderr");
    addCommonOptions(*command, common_);
    command->footer(kCompileExamples);
  }

  int run() override {
    if (!checkCommandLineSettings(common_))
      return kExitBadUsage;
    std::optional<InputFile> file = loadInputFile(file_, /*keepComments=*/false);
    if (!file || !checkFileHeader(*file))
      return kExitBadInput;

    // The target: --target, else the first `target` line, else the host.
    const parser::TargetSpec *spec = nullptr;
    target::Isa isa = target::hostIsa();
    if (!target_.empty()) {
      isa = *target::parseIsa(target_);
      for (const parser::TargetSpec &candidate : file->parsed.targets) {
        if (target::parseIsa(candidate.isa) == isa) {
          spec = &candidate;
          break;
        }
      }
    } else if (!file->parsed.targets.empty()) {
      spec = &file->parsed.targets.front();
      std::optional<target::Isa> named = target::parseIsa(spec->isa);
      if (!named) {
        printDiagnostic(*file, Diagnostic{Severity::Error, spec->loc,
                                          "target '" + spec->isa + "' is not supported by irc"});
        return kExitBadInput;
      }
      isa = *named;
    }

    target::TargetConfig config(isa);
    const std::vector<parser::Setting> &fileSettings =
        spec ? spec->settings : file->parsed.settings;
    if (!applySettings(*file, fileSettings, common_, config.settings))
      return kExitBadInput;
    if (!optLevel_.empty())
      (void)config.settings.set("opt_level", optLevel_); // checked by CLI11
    if (spec && !applyIsaFlags(*file, *spec, config.flags))
      return kExitBadInput;
    spdlog::info("{}: target {} [{}], settings [{}]", file->path, target::isaName(isa),
                 config.flags.text(), config.settings.changedText());

    if (config.settings.enableVerifier() && verifyFile(*file, config.pointerBits()) != 0)
      return kExitBadInput;

    std::vector<const ir::Function *> functions;
    for (const parser::ParsedFunction &parsed : file->parsed.functions)
      functions.push_back(parsed.function.get());
    mach::CompiledCode::RegallocReport totals;
    Expected<std::string> output = runBackend(
        BackendRequest{config, functions, emitKind(), regallocStats_ ? &totals : nullptr});
    if (!output) {
      printError(output.error().message);
      return kExitBadInput;
    }
    if (regallocStats_)
      std::fprintf(stderr, "regalloc %s: functions=%zu insts=%u %s ns=%llu\n",
                   config.settings.valueText("regalloc_algorithm").c_str(), functions.size(),
                   totals.insts, totals.stats.text().c_str(),
                   static_cast<unsigned long long>(totals.nanoseconds));
    if (auto written = writeOutput(outputPath(), *output); !written) {
      printError(written.error().message);
      return kExitBadInput;
    }
    return kExitSuccess;
  }

private:
  EmitKind emitKind() const {
    if (emit_ == "asm")
      return EmitKind::Assembly;
    if (emit_ == "vcode")
      return EmitKind::VCode;
    return EmitKind::Object;
  }

  std::string outputPath() const {
    if (!output_.empty())
      return output_;
    if (emitKind() != EmitKind::Object || file_ == "-")
      return "-";
    return std::filesystem::path(file_).filename().replace_extension(".o").string();
  }

  std::string file_;
  std::string target_;
  std::string output_;
  std::string optLevel_;
  std::string emit_ = "obj";
  bool regallocStats_ = false;
};

} // namespace

std::unique_ptr<Command> addCompileCommand(CLI::App &app) {
  return std::make_unique<CompileCommand>(app);
}

} // namespace irc::tool
