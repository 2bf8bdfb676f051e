// Driver: reading inputs, rendering diagnostics, settings and header checks shared by the
// subcommands. Nothing here writes to stdout: that is the commands' output alone.
#include "Driver.h"
#include "Log.h"

#include "codegen/ir/Verifier.h"
#include "codegen/regalloc/Regalloc.h"
#include "parser/Parser.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>

namespace irc::tool {

namespace {

std::string inQuotes(std::string_view s) { return "'" + std::string(s) + "'"; }

bool commandLineChoosesExperimental(const CommonOptions &options) {
  codegen::Settings settings;
  for (const std::string &assignment : options.settings)
    (void)settings.apply(assignment);
  return settings.regallocAlgorithm() == codegen::RegallocAlgorithm::Experimental;
}

void printSettingError(const InputFile &file, const parser::Setting &setting,
                       const Error &error) {
  printDiagnostic(file, Diagnostic{Severity::Error, setting.loc, error.message});
}

} // namespace

void printError(std::string_view message) {
  std::string line = "irc: error: " + std::string(message) + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
}

std::optional<codegen::Settings> checkCommandLineSettings(const CommonOptions &options) {
  codegen::Settings settings;
  for (const std::string &assignment : options.settings) {
    if (auto applied = settings.apply(assignment); !applied) {
      printError(applied.error().message);
      return std::nullopt;
    }
  }
  if (!checkRegallocChoice(settings))
    return std::nullopt;
  return settings;
}

bool checkRegallocChoice(const codegen::Settings &settings) {
  if (settings.regallocAlgorithm() != codegen::RegallocAlgorithm::Experimental)
    return true;
  if (!regalloc::compiledIn(regalloc::Algorithm::Experimental)) {
    printError("regalloc_algorithm=experimental is not available: this irc was built with "
               "IRC_EXPERIMENTAL_REGALLOC=OFF");
    return false;
  }
  logWarn("regalloc_algorithm=experimental: the experimental register allocator is "
          "unsupported; use it for testing only");
  return true;
}

Expected<std::string> readInputFile(const std::string &path) {
  bool isStdin = path == "-";
  std::FILE *stream = isStdin ? stdin : std::fopen(path.c_str(), "rb");
  if (!stream)
    return makeError("cannot read " + inQuotes(path) + ": " + std::strerror(errno));
  std::string text;
  char buffer[1 << 16];
  int readErrno = 0;
  for (;;) {
    errno = 0;
    size_t n = std::fread(buffer, 1, sizeof buffer, stream);
    text.append(buffer, n);
    if (n < sizeof buffer) {
      if (std::ferror(stream))
        readErrno = errno ? errno : EIO;
      break;
    }
  }
  if (!isStdin)
    std::fclose(stream);
  if (readErrno != 0)
    return makeError("cannot read " + inQuotes(path) + ": " + std::strerror(readErrno));
  // Source locations hold 32-bit byte offsets.
  if (text.size() > std::numeric_limits<uint32_t>::max())
    return makeError("cannot read " + inQuotes(path) + ": file is larger than 4 GiB");
  return text;
}

std::optional<InputFile> loadInputFile(const std::string &path, bool keepComments) {
  Expected<std::string> text = readInputFile(path);
  if (!text) {
    printError(text.error().message);
    return std::nullopt;
  }
  InputFile file;
  file.path = path == "-" ? "<stdin>" : path;
  file.text = std::move(text).value();
  parser::ParseOptions options;
  options.keepComments = keepComments;
  auto parsed = parser::parseTestFile(file.text, options);
  if (!parsed) {
    printDiagnostic(file, parsed.error());
    return std::nullopt;
  }
  file.parsed = std::move(parsed).value();
  logDebug(file.path + ": parsed " + std::to_string(file.text.size()) + " bytes, " +
           std::to_string(file.parsed.functions.size()) + " function(s)");
  return file;
}

void printDiagnostic(const InputFile &file, const Diagnostic &diag) {
  std::string rendered = renderDiagnostic(file.path, file.text, diag);
  std::fwrite(rendered.data(), 1, rendered.size(), stderr);
}

bool applySettings(const InputFile &file, const std::vector<parser::Setting> &fileSettings,
                   const CommonOptions &options, codegen::Settings &settings) {
  bool ok = true;
  for (const parser::Setting &setting : fileSettings) {
    auto applied = setting.value.empty() ? settings.enable(setting.name)
                                         : settings.set(setting.name, setting.value);
    if (!applied) {
      printSettingError(file, setting, applied.error());
      ok = false;
    }
  }
  // The command line was checked by checkCommandLineSettings, so these cannot fail.
  for (const std::string &assignment : options.settings)
    (void)settings.apply(assignment);
  // A file's own `set regalloc_algorithm=experimental` (the command line's was reported).
  if (ok && settings.regallocAlgorithm() == codegen::RegallocAlgorithm::Experimental &&
      !commandLineChoosesExperimental(options))
    ok = checkRegallocChoice(settings);
  return ok;
}

bool applyIsaFlags(const InputFile &file, const parser::TargetSpec &spec,
                   target::IsaFlags &flags) {
  bool ok = true;
  for (const parser::Setting &flag : spec.isaFlags) {
    auto applied = flag.value.empty() ? flags.enable(flag.name) : flags.set(flag.name, flag.value);
    if (!applied) {
      printSettingError(file, flag, applied.error());
      ok = false;
    }
  }
  return ok;
}

bool checkFileHeader(const InputFile &file) {
  bool ok = true;
  codegen::Settings settings;
  for (const parser::Setting &setting : file.parsed.settings) {
    auto applied = setting.value.empty() ? settings.enable(setting.name)
                                         : settings.set(setting.name, setting.value);
    if (!applied) {
      printSettingError(file, setting, applied.error());
      ok = false;
    }
  }
  for (const parser::TargetSpec &spec : file.parsed.targets) {
    if (!target::pointerBitsOf(spec.isa)) {
      printDiagnostic(file,
                      Diagnostic{Severity::Error, spec.loc, "unknown target " + inQuotes(spec.isa)});
      ok = false;
      continue;
    }
    // irc knows the flags of the ISAs it generates code for; others are left alone.
    if (std::optional<target::Isa> isa = target::parseIsa(spec.isa)) {
      target::IsaFlags flags(*isa);
      ok = applyIsaFlags(file, spec, flags) && ok;
    }
  }
  return ok;
}

unsigned pointerBitsForFile(const InputFile &file) {
  for (const parser::TargetSpec &spec : file.parsed.targets)
    if (std::optional<unsigned> bits = target::pointerBitsOf(spec.isa))
      return *bits;
  return 64;
}

size_t verifyFile(InputFile &file, unsigned pointerBits) {
  size_t errorCount = 0;
  ir::VerifierOptions options;
  options.pointerBits = pointerBits;
  for (parser::ParsedFunction &parsed : file.parsed.functions) {
    parsed.function->pointerBits = pointerBits;
    for (const ir::VerifierError &error : ir::verifyFunction(*parsed.function, options)) {
      // An error without a position points at its function and names what it is about.
      Diagnostic diag;
      diag.loc = error.loc.known() ? error.loc : parsed.loc;
      diag.message = error.loc.known() || error.location.empty()
                         ? error.message
                         : error.location + ": " + error.message;
      printDiagnostic(file, diag);
      ++errorCount;
    }
  }
  logDebug(file.path + ": verified " + std::to_string(file.parsed.functions.size()) +
           " function(s), " + std::to_string(errorCount) + " error(s)");
  return errorCount;
}

} // namespace irc::tool
