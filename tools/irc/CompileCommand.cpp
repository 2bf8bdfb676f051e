// `irc compile FILE`: parse, check, verify, then hand the functions to the target's backend
// (Backend.h) and write what it returns.
#include "Backend.h"
#include "Driver.h"
#include "Log.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace irc::tool {

const char *const kCompileExamples = R"(Examples:
  irc compile factorial.ir -o factorial.o            target from the file, else the host
  irc compile f.clif --target s390x -O speed -o f.o  choose target and optimization
  irc compile f.clif --emit=asm                      assembly text on stdout
  irc compile f.clif --set preserve_frame_pointers --set unwind_info=false -o f.o

The target is --target, else the file's first `target` line, else the host (x86_64).
Settings apply in order: the file's `set` lines, then --set, then -O.
Without -o, an object goes to FILE's name with .o in the current directory, and
asm/vcode text to stdout.

Exit status: 0 compiled, 1 bad input or no code generator for the target, 2 bad usage.)";

namespace {

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

EmitKind emitKind(const CompileOptions &options) {
  if (options.emit == "asm")
    return EmitKind::Assembly;
  if (options.emit == "vcode")
    return EmitKind::VCode;
  return EmitKind::Object;
}

std::string outputPath(const CompileOptions &options) {
  if (!options.output.empty())
    return options.output;
  if (emitKind(options) != EmitKind::Object || options.file == "-")
    return "-";
  return std::filesystem::path(options.file).filename().replace_extension(".o").string();
}

} // namespace

int runCommand(const CompileOptions &options) {
  if (!checkCommandLineSettings(options.common))
    return kExitBadUsage;
  std::optional<InputFile> file = loadInputFile(options.file, /*keepComments=*/false);
  if (!file || !checkFileHeader(*file))
    return kExitBadInput;

  // The target: --target, else the first `target` line, else the host.
  const parser::TargetSpec *spec = nullptr;
  target::Isa isa = target::hostIsa();
  if (!options.target.empty()) {
    isa = *target::parseIsa(options.target);
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
  const std::vector<parser::Setting> &fileSettings = spec ? spec->settings : file->parsed.settings;
  if (!applySettings(*file, fileSettings, options.common, config.settings))
    return kExitBadInput;
  if (!options.optLevel.empty())
    (void)config.settings.set("opt_level", options.optLevel); // checked by the command line
  if (spec && !applyIsaFlags(*file, *spec, config.flags))
    return kExitBadInput;
  logInfo(file->path + ": target " + std::string(target::isaName(isa)) + " [" +
          config.flags.text() + "], settings [" + config.settings.changedText() + "]");

  if (config.settings.enableVerifier() && verifyFile(*file, config.pointerBits()) != 0)
    return kExitBadInput;

  std::vector<const ir::Function *> functions;
  for (const parser::ParsedFunction &parsed : file->parsed.functions)
    functions.push_back(parsed.function.get());
  mach::CompiledCode::RegallocReport totals;
  Expected<std::string> output = runBackend(BackendRequest{
      config, functions, emitKind(options), options.regallocStats ? &totals : nullptr});
  if (!output) {
    printError(output.error().message);
    return kExitBadInput;
  }
  if (options.regallocStats)
    std::fprintf(stderr, "regalloc %s: functions=%zu insts=%u %s ns=%llu\n",
                 config.settings.valueText("regalloc_algorithm").c_str(), functions.size(),
                 totals.insts, totals.stats.text().c_str(),
                 static_cast<unsigned long long>(totals.nanoseconds));
  if (auto written = writeOutput(outputPath(options), *output); !written) {
    printError(written.error().message);
    return kExitBadInput;
  }
  return kExitSuccess;
}

} // namespace irc::tool
